/**
 * The page's engine: one worker and one session, shared by every widget on the page. It probes the device once,
 * loads a model on request, runs jobs one at a time in the order asked, and keeps the status, progress and errors
 * the widgets show. If the GPU device is lost, the status says so and the next job loads a fresh session.
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

export type EngineStatus = 'idle' | 'probing' | 'loading' | 'ready' | 'running' | 'failed' | 'lost';

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
  readonly #spawn: () => EngineClient;
  #client: EngineClient | undefined;
  #loadedKey: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  /** `spawn` starts the worker (a test passes one joined to an in-process worker). */
  constructor(spawn: () => EngineClient = spawnEngine) {
    this.#spawn = spawn;
  }

  /** Whether the engine is probing, loading, running a job or measuring the device: widgets wait while it is. */
  get busy(): boolean {
    return (
      this.measuringDevice ||
      this.status === 'probing' ||
      this.status === 'loading' ||
      this.status === 'running'
    );
  }

  #getClient(): EngineClient {
    if (!this.#client) {
      this.#client = this.#spawn();
      this.#client.onDeviceLost = (message) => {
        this.status = 'lost';
        this.error = message;
        this.#loadedKey = undefined;
      };
    }
    return this.#client;
  }

  /** Find out which backend this device gives (once per page). */
  async ensureProbe(): Promise<ProbeResult> {
    if (this.probe) return this.probe;
    this.status = 'probing';
    this.probe = await this.#getClient().run('probe-device', undefined);
    this.status = 'idle';
    return this.probe;
  }

  /** Measure the device, or reuse this visit's measurement of the same adapter; undefined if it failed. */
  async measureDevice(): Promise<DeviceRates | undefined> {
    const probe = await this.ensureProbe();
    const key = `memory-bound device rates: ${JSON.stringify(probe.adapter ?? probe.backend)}`;
    const cached = sessionStorage.getItem(key);
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
      sessionStorage.setItem(key, JSON.stringify(this.rates));
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
      if (model) await this.#load(model);
      this.status = 'running';
      try {
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
        this.#fail(error as Error);
        throw error;
      } finally {
        this.progress = undefined;
      }
    });
  }

  /** Load the model unless it is already loaded; resolves when ready, undefined if the load failed. */
  load(request: SessionRequest): Promise<SessionInfo | undefined> {
    return this.#serialised(() => this.#load(request)).catch(() => undefined);
  }

  async #load(request: SessionRequest): Promise<SessionInfo> {
    const key = JSON.stringify(request);
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

let engine: Engine | undefined;

/** The page's one engine. */
export function getEngine(): Engine {
  engine ??= new Engine();
  return engine;
}

/** The page's engine, for a widget: once the widget is on the page, find out which backend this device gives. */
export function useEngine(): Engine {
  const shared = getEngine();
  onMount(() => void shared.ensureProbe());
  return shared;
}
