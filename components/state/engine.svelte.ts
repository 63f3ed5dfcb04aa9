/**
 * The page's engine: one worker and one session, shared by every widget on the page. It probes the device once,
 * measures it once, loads a model on request, runs jobs one at a time in the order asked (skipping those cancelled
 * while they waited), and keeps the status, progress and errors the widgets show. If the GPU device is lost, the
 * status says so and the next job loads a fresh session; if the worker stops, the next job starts another.
 */
import { onMount } from 'svelte';
import {
  spawnEngine,
  type DeviceRates,
  type EngineClient,
  type JobName,
  type JobPartial,
  type JobRequest,
  type JobResult,
  type ProbeResult,
  type RunOptions,
  type SessionInfo,
  type SessionRequest,
} from '@engine/index';
import { browserStorage } from './browser-storage';
import { recordPageDevice } from './page-device';
import { engineSpawner } from './test-hooks';

export type EngineStatus = 'idle' | 'loading' | 'ready' | 'running' | 'failed' | 'lost';

export interface EngineRunOptions<Partial> extends RunOptions<Partial> {
  /** The model the job runs on, loaded first unless it already is; left out for a job on the device alone. */
  model?: SessionRequest;
}

export class Engine {
  status = $state<EngineStatus>('idle');
  probe = $state.raw<ProbeResult | undefined>();
  info = $state.raw<SessionInfo | undefined>();
  progress = $state.raw<{ stage: string; fraction: number } | undefined>();
  /** This device's measured rates, once measured (kept for the visit, per adapter). */
  rates = $state.raw<DeviceRates | undefined>();
  measuringDevice = $state(false);
  /** The last failure, in words. */
  error = $state<string | undefined>();
  /** Why the GPU device was lost, while `status` is 'lost'. */
  lostReason = $state<string | undefined>();
  /** The signal of the run whose job (or model load) the engine is working on now, so a widget knows it is its turn. */
  activeSignal = $state.raw<AbortSignal | undefined>();
  readonly #spawn: () => EngineClient;
  #client: EngineClient | undefined;
  #loadedKey: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #probing: Promise<ProbeResult> | undefined;
  #measuring: Promise<DeviceRates | undefined> | undefined;

  /** `spawn` starts the worker (a test passes one joined to an in-process worker). */
  constructor(spawn: () => EngineClient = spawnEngine) {
    this.#spawn = spawn;
  }

  /** Whether the engine is loading, running a job or measuring the device: a job asked for now waits its turn. */
  get busy(): boolean {
    return this.measuringDevice || this.status === 'loading' || this.status === 'running';
  }

  #getClient(): EngineClient {
    if (!this.#client) {
      const client = this.#spawn();
      this.#client = client;
      client.onDeviceLost = (message) => {
        this.status = 'lost';
        this.error = message;
        this.lostReason = message;
        this.#loadedKey = undefined;
      };
      // The next job spawns a new worker and loads its model again.
      client.onStopped = (message) => {
        if (this.#client === client) this.#client = undefined;
        this.#loadedKey = undefined;
        this.status = 'failed';
        this.error = message;
      };
    }
    return this.#client;
  }

  /** Find out which backend this device gives (once per page, however many widgets ask). */
  ensureProbe(): Promise<ProbeResult> {
    this.#probing ??= this.#getClient()
      .run('probe-device', undefined)
      .then((probe) => {
        recordPageDevice(probe);
        return (this.probe = probe);
      })
      .catch((error: Error) => {
        this.#probing = undefined;
        this.error = `The engine could not start: ${error.message}`;
        throw error;
      });
    return this.#probing;
  }

  /** Measure the device, or reuse this visit's measurement of the same adapter; undefined if it failed. */
  measureDevice(): Promise<DeviceRates | undefined> {
    this.#measuring ??= this.#measureDevice().finally(() => (this.#measuring = undefined));
    return this.#measuring;
  }

  async #measureDevice(): Promise<DeviceRates | undefined> {
    const probe = await this.ensureProbe();
    const key = `memory-bound device rates: ${JSON.stringify(probe.adapter ?? probe.backend)}`;
    const cached = browserStorage('sessionStorage')?.getItem(key);
    if (cached) {
      this.rates = JSON.parse(cached) as DeviceRates;
      return this.rates;
    }
    this.measuringDevice = true;
    this.error = undefined;
    try {
      this.rates = await this.#serialised(() =>
        this.#getClient().run('measure-device', undefined, { onProgress: this.#showProgress }),
      );
      browserStorage('sessionStorage')?.setItem(key, JSON.stringify(this.rates));
      return this.rates;
    } catch (error) {
      this.error = (error as Error).message;
      return undefined;
    } finally {
      this.measuringDevice = false;
      this.progress = undefined;
    }
  }

  /**
   * Run the job `name`, after any job already asked for, loading `options.model` first if it is not loaded. Rejects
   * with the job's (or the load's) error, which `error` also keeps.
   */
  run<N extends JobName>(
    name: N,
    request: JobRequest<N>,
    { model, onProgress, signal }: EngineRunOptions<JobPartial<N>> = {},
  ): Promise<JobResult<N>> {
    return this.#serialised(async () => {
      this.activeSignal = signal;
      try {
        // A run replaced or cancelled while it waited its turn neither loads nor runs.
        signal?.throwIfAborted();
        if (model) await this.#load(model);
        signal?.throwIfAborted();
        this.status = 'running';
        const result = await this.#getClient().run(name, request, {
          signal,
          onProgress: (update) => {
            this.#showProgress(update);
            onProgress?.(update);
          },
        });
        this.status = 'ready';
        return result;
      } catch (error) {
        if (signal?.aborted) {
          if (this.status === 'running') this.status = 'ready';
        } else this.#fail(error as Error);
        throw error;
      } finally {
        this.progress = undefined;
        this.activeSignal = undefined;
      }
    });
  }

  async #load(request: SessionRequest): Promise<SessionInfo> {
    const key = sessionKey(request);
    if (this.#loadedKey === key && this.info && this.status !== 'lost') return this.info;
    this.status = 'loading';
    this.error = undefined;
    this.info = undefined;
    this.#loadedKey = undefined;
    try {
      this.info = await this.#getClient().load(request, this.#showProgress);
      this.#loadedKey = key;
      this.status = 'ready';
      return this.info;
    } catch (error) {
      this.#fail(error as Error);
      throw error;
    } finally {
      this.progress = undefined;
    }
  }

  /** Run `work` once every job asked for before it has finished, whether it succeeded or not. */
  #serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => {});
    return next;
  }

  #showProgress = ({ stage, fraction }: { stage: string; fraction: number }) => {
    this.progress = { stage, fraction };
  };

  /** Record a failure, unless the device was lost meanwhile (that status says more). */
  #fail(error: Error): void {
    if (this.status === 'lost') return;
    this.status = 'failed';
    this.error = error.message;
  }
}

/**
 * A session request's identity: its JSON, with a picked folder's files named by what identifies them (JSON writes a
 * Map as {} and a File as {}, which would make every folder the same).
 */
export function sessionKey(request: SessionRequest): string {
  return JSON.stringify(request, (_key, value: unknown) => {
    if (value instanceof Map) return [...value];
    if (value instanceof Blob) {
      const file = value as Partial<File>;
      return { name: file.name, bytes: value.size, modified: file.lastModified };
    }
    return value;
  });
}

let engine: Engine | undefined;

/**
 * The page's one engine, for a widget: once the widget is on the page, find out which backend this device gives (a
 * failure is kept in `error`, which the widget's run bar shows).
 */
export function useEngine(): Engine {
  engine ??= new Engine(engineSpawner());
  const shared = engine;
  onMount(() => void shared.ensureProbe().catch(() => {}));
  return shared;
}
