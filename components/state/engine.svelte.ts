/**
 * The page's engine: one worker and one session, shared by every widget on the page. It probes the device once,
 * loads a model on request, and keeps the status, progress and errors the widgets show. If the GPU device is
 * lost, the status says so and `load` starts a fresh session.
 */
import { onMount } from 'svelte';
import {
  spawnEngine,
  type ContextSweepRequest,
  type ContextSweepResult,
  type DecodeSweepPoint,
  type DecodeSweepRequest,
  type DeviceRates,
  type EngineClient,
  type GenerateRequest,
  type GeneratedStep,
  type OpTime,
  type ProbeResult,
  type SessionInfo,
  type SessionRequest,
} from '@engine/index';

export type EngineStatus = 'idle' | 'probing' | 'loading' | 'ready' | 'running' | 'failed' | 'lost';

export class Engine {
  status = $state<EngineStatus>('idle');
  probe = $state.raw<ProbeResult | undefined>();
  info = $state.raw<SessionInfo | undefined>();
  progress = $state.raw<{ stage: string; fraction: number } | undefined>();
  /** This device's measured rates, once measured (kept for the visit, per adapter). */
  profile = $state.raw<DeviceRates | undefined>();
  profiling = $state(false);
  /** The last failure, in words. */
  error = $state<string | undefined>();
  #client: EngineClient | undefined;
  #loadedKey: string | undefined;

  #getClient(): EngineClient {
    if (!this.#client) {
      this.#client = spawnEngine();
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
    this.probe = await this.#getClient().probe();
    this.status = 'idle';
    return this.probe;
  }

  /** Measure the device, or reuse this visit's measurement of the same adapter. */
  async measureDevice(): Promise<DeviceRates | undefined> {
    const probe = await this.ensureProbe();
    const key = `memory-bound device profile: ${JSON.stringify(probe.adapter ?? probe.backend)}`;
    const cached = sessionStorage.getItem(key);
    if (cached) {
      this.profile = JSON.parse(cached) as DeviceRates;
      return this.profile;
    }
    this.profiling = true;
    this.error = undefined;
    try {
      this.profile = await this.#getClient().profile(
        (stage, fraction) => (this.progress = { stage, fraction }),
      );
      sessionStorage.setItem(key, JSON.stringify(this.profile));
      return this.profile;
    } catch (error) {
      this.error = (error as Error).message;
      return undefined;
    } finally {
      this.profiling = false;
      this.progress = undefined;
    }
  }

  /** Load the model unless it is already loaded; resolves when ready. */
  async load(request: SessionRequest): Promise<SessionInfo | undefined> {
    const key = JSON.stringify(request);
    if (this.#loadedKey === key && this.info && this.status === 'ready') return this.info;
    this.status = 'loading';
    this.error = undefined;
    this.info = undefined;
    try {
      this.info = await this.#getClient().init(
        request,
        (stage, fraction) => (this.progress = { stage, fraction }),
      );
      this.#loadedKey = key;
      this.status = 'ready';
      return this.info;
    } catch (error) {
      this.status = 'failed';
      this.error = (error as Error).message;
      this.#loadedKey = undefined;
      return undefined;
    } finally {
      this.progress = undefined;
    }
  }

  /** Load the model if needed, then time batched decode at each batch size. */
  sweep(request: SessionRequest, sweep: DecodeSweepRequest): Promise<DecodeSweepPoint[] | undefined> {
    return this.#onModel(request, (client) =>
      client.decodeSweep(sweep, (fraction) => (this.progress = { stage: 'timing batches', fraction })),
    );
  }

  /**
   * Load the model if needed, then time decode steps of one sequence as its context grows; when `signal` aborts,
   * the result holds the contexts measured so far.
   */
  contextSweep(
    request: SessionRequest,
    sweep: ContextSweepRequest,
    signal?: AbortSignal,
  ): Promise<ContextSweepResult | undefined> {
    return this.#onModel(request, (client) =>
      client.contextSweep(
        sweep,
        (fraction) => (this.progress = { stage: 'timing decode steps', fraction }),
        signal,
      ),
    );
  }

  /** Load the model if needed, then time each op of one decode step after `context` cached tokens. */
  profileDecode(
    request: SessionRequest,
    context: number,
  ): Promise<{ times: OpTime[]; cached: number } | undefined> {
    return this.#onModel(request, (client) => client.profileDecode(context));
  }

  /** Load the model if needed, then time each op of the prefill of a `tokens`-token prompt. */
  profilePrefill(
    request: SessionRequest,
    tokens: number,
  ): Promise<{ times: OpTime[]; tokens: number } | undefined> {
    return this.#onModel(request, (client) => client.profilePrefill(tokens));
  }

  /** Load the model if needed, then run `work` on it with the status 'running'; undefined if either fails. */
  async #onModel<T>(
    request: SessionRequest,
    work: (client: EngineClient) => Promise<T>,
  ): Promise<T | undefined> {
    if (!(await this.load(request))) return undefined;
    this.status = 'running';
    try {
      const result = await work(this.#getClient());
      this.status = 'ready';
      return result;
    } catch (error) {
      this.#fail(error as Error);
      return undefined;
    } finally {
      this.progress = undefined;
    }
  }

  /** Record a failure, unless the device was lost meanwhile (that status says more). */
  #fail(error: Error): void {
    if (this.status === 'lost') return;
    this.status = 'failed';
    this.error = error.message;
  }

  /** Generate on the loaded model; returns a cancel function and a promise for the end. */
  generate(request: GenerateRequest, onStep: (step: GeneratedStep) => void) {
    this.status = 'running';
    const run = this.#getClient().generate(request, onStep);
    const done = run.done
      .then((result) => {
        this.status = 'ready';
        return result;
      })
      .catch((error: Error) => {
        this.#fail(error);
        return { cancelled: false };
      });
    return { done, cancel: run.cancel };
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
