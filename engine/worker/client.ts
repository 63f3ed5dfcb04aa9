/**
 * The page's side of the engine worker: one worker per page, requests as promises, streams as callbacks.
 * Widgets reach it through components/state/engine.svelte.ts, never directly.
 */
import type { OpTime } from '../backend';
import type { SessionInfo, SessionRequest } from '../create-session';
import type { DeviceRates } from '../measure/microbench';
import type { ContextSweepRequest, ContextSweepResult } from '../serve/context-sweep';
import type { DecodeSweepPoint, DecodeSweepRequest } from '../serve/decode-sweep';
import type { FromWorker, GenerateRequest, GeneratedStep, ProbeResult, ToWorker } from './protocol';

type Handler = (message: FromWorker) => void;

export class EngineClient {
  readonly #worker: Worker;
  readonly #handlers = new Map<number, Handler>();
  #nextId = 1;
  /** Called when the worker reports a lost GPU device. */
  onDeviceLost: (message: string) => void = () => {};

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === 'device-lost') this.onDeviceLost(message.message);
      else this.#handlers.get(message.id)?.(message);
    };
  }

  /** Which backend a session would get here. */
  probe(): Promise<ProbeResult> {
    return this.#request({ type: 'probe' }, (m, resolve) => m.type === 'probed' && resolve(m.result));
  }

  /** Measure this device (copy bandwidth, peak FLOP/s, dispatch and submit costs); `progress` gets each stage. */
  profile(progress: (stage: string, fraction: number) => void): Promise<DeviceRates> {
    return this.#request({ type: 'profile' }, (m, resolve) => {
      if (m.type === 'progress') progress(m.stage, m.fraction);
      if (m.type === 'profiled') resolve(m.profile);
    });
  }

  /** Time batched decode on the loaded model at each batch size. */
  decodeSweep(
    request: DecodeSweepRequest,
    progress: (fraction: number) => void,
  ): Promise<DecodeSweepPoint[]> {
    return this.#request({ type: 'decode-sweep', request }, (m, resolve) => {
      if (m.type === 'progress') progress(m.fraction);
      if (m.type === 'swept') resolve(m.points);
    });
  }

  /**
   * Time decode steps of one sequence of the loaded model as its context grows, with the KV blocks it holds; when
   * `signal` aborts, the sweep stops between steps and resolves with the contexts measured so far.
   */
  contextSweep(
    request: ContextSweepRequest,
    progress: (fraction: number) => void,
    signal?: AbortSignal,
  ): Promise<ContextSweepResult> {
    let id = 0;
    const cancel = () =>
      this.#worker.postMessage({ type: 'cancel', id: this.#nextId++, target: id } satisfies ToWorker);
    signal?.addEventListener('abort', cancel, { once: true });
    const sweep = this.#request<ContextSweepResult>(
      { type: 'context-sweep', request },
      (m, resolve) => {
        if (m.type === 'progress') progress(m.fraction);
        if (m.type === 'context-swept') resolve(m.result);
      },
      (assigned) => (id = assigned),
    ).finally(() => signal?.removeEventListener('abort', cancel));
    // Aborted before the request went out (while the model loaded): the worker stops before the first step.
    if (signal?.aborted) cancel();
    return sweep;
  }

  /** Time each op of one decode step after `context` cached tokens on the loaded model. */
  profileDecode(context: number): Promise<{ times: OpTime[]; cached: number }> {
    return this.#request({ type: 'profile-decode', context }, (m, resolve) => {
      if (m.type === 'decode-profiled') resolve({ times: m.times, cached: m.cached });
    });
  }

  /** Time each op of the prefill of a `tokens`-token prompt on the loaded model (a scratch sequence, freed after). */
  profilePrefill(tokens: number): Promise<{ times: OpTime[]; tokens: number }> {
    return this.#request({ type: 'profile-prefill', tokens }, (m, resolve) => {
      if (m.type === 'prefill-profiled') resolve({ times: m.times, tokens: m.tokens });
    });
  }

  /** Start (or replace) the page's session; `progress` gets each stage. */
  init(request: SessionRequest, progress: (stage: string, fraction: number) => void): Promise<SessionInfo> {
    return this.#request({ type: 'init', request }, (m, resolve) => {
      if (m.type === 'progress') progress(m.stage, m.fraction);
      if (m.type === 'ready') resolve(m.info);
    });
  }

  /** Generate, calling `onStep` for each token; resolves when finished or cancelled. */
  generate(
    request: GenerateRequest,
    onStep: (step: GeneratedStep) => void,
  ): { done: Promise<{ cancelled: boolean }>; cancel: () => void } {
    let id = 0;
    const done = this.#request<{ cancelled: boolean }>(
      { type: 'generate', request },
      (m, resolve) => {
        if (m.type === 'token') onStep(m.step);
        if (m.type === 'done') resolve({ cancelled: m.cancelled });
      },
      (assigned) => (id = assigned),
    );
    return {
      done,
      cancel: () =>
        this.#worker.postMessage({ type: 'cancel', id: this.#nextId++, target: id } satisfies ToWorker),
    };
  }

  terminate(): void {
    this.#worker.terminate();
  }

  #request<T>(
    body: DistributiveOmit<ToWorker, 'id'>,
    onMessage: (message: FromWorker, resolve: (value: T) => void) => void,
    onId: (id: number) => void = () => {},
  ): Promise<T> {
    const id = this.#nextId++;
    onId(id);
    return new Promise<T>((resolve, reject) => {
      this.#handlers.set(id, (message) => {
        if (message.type === 'error') {
          this.#handlers.delete(id);
          reject(Object.assign(new Error(message.message), { name: message.name }));
          return;
        }
        onMessage(message, (value) => {
          this.#handlers.delete(id);
          resolve(value);
        });
      });
      this.#worker.postMessage({ ...body, id } as ToWorker);
    });
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
