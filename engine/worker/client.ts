/**
 * The page's side of the engine worker: one worker per page; loading a model and running a job are promises,
 * progress and partial results are callbacks, and an abort signal cancels a job. Widgets reach it through
 * components/state/engine.svelte.ts, never directly.
 */
import type { SessionInfo, SessionRequest } from '../create-session';
import type { ProgressUpdate } from '../jobs/job';
import type { JobName, JobPartial, JobRequest, JobResult } from '../jobs/registry';
import type { FromWorker, ToWorker } from './protocol';
import type { TestAction, TestAnswer } from './test-hooks';

type Handler = (message: FromWorker) => void;

export interface RunOptions<Partial> {
  /** Each progress report, with the job's partial result where it streams one. */
  onProgress?: ((update: ProgressUpdate<Partial>) => void) | undefined;
  /** Aborting it asks the job to stop at its next safe point; the job then resolves with what it has, or rejects. */
  signal?: AbortSignal | undefined;
}

export class EngineClient {
  readonly #worker: Worker;
  readonly #handlers = new Map<number, Handler>();
  #nextId = 1;
  /** Why the worker stopped, once it has: it answers nothing more. */
  #stopped: string | undefined;
  /** Called when the worker reports a lost GPU device. */
  onDeviceLost: (message: string) => void = () => {};
  /** Called once if the worker stops (an error thrown outside any request, or a worker that could not start). */
  onStopped: (message: string) => void = () => {};

  constructor(worker: Worker) {
    this.#worker = worker;
    let answered = false;
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      answered = true;
      const message = event.data;
      if (message.type === 'device-lost') this.onDeviceLost(message.message);
      else this.#handlers.get(message.id)?.(message);
    };
    // An error thrown outside any request leaves the worker in a state nothing can trust, and one that failed to
    // start answers nothing: end it, fail every request in flight saying so, and tell the page, which starts another
    // for its next run. Errors the worker had already queued are ignored after the first.
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      if (this.#stopped) return;
      this.#stopped = answered
        ? `The engine's worker stopped (${event.message || 'no reason given'}); the next run starts a new one`
        : `The engine's worker could not start (${event.message || 'no reason given'})`;
      worker.terminate();
      for (const [id, handler] of this.#handlers)
        handler({ type: 'error', id, name: 'WorkerError', message: `${this.#stopped}.` });
      this.onStopped(this.#stopped);
    };
  }

  /** Start (or replace) the page's session; `onProgress` gets each stage. */
  load(
    request: SessionRequest,
    onProgress: (update: ProgressUpdate<never>) => void = () => {},
  ): Promise<SessionInfo> {
    return this.#send(
      { type: 'load', request },
      onProgress as (u: ProgressUpdate<unknown>) => void,
    ) as Promise<SessionInfo>;
  }

  /** Run the job `name` on the worker. */
  run<N extends JobName>(
    name: N,
    request: JobRequest<N>,
    { onProgress = () => {}, signal }: RunOptions<JobPartial<N>> = {},
  ): Promise<JobResult<N>> {
    const id = this.#nextId;
    const cancel = () => this.#worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
    signal?.addEventListener('abort', cancel, { once: true });
    const result = this.#send(
      { type: 'run', job: name, request },
      onProgress as (u: ProgressUpdate<unknown>) => void,
    );
    if (signal?.aborted) cancel();
    return result.finally(() => signal?.removeEventListener('abort', cancel)) as Promise<JobResult<N>>;
  }

  /** Ask the worker for a test hook's action (test-hooks.ts); only end-to-end tests do. */
  test(action: TestAction): Promise<TestAnswer> {
    return this.#send({ type: 'test', action }, () => {}) as Promise<TestAnswer>;
  }

  #send(
    body:
      | { type: 'load'; request: SessionRequest }
      | { type: 'run'; job: string; request: unknown }
      | { type: 'test'; action: TestAction },
    onProgress: (update: ProgressUpdate<unknown>) => void,
  ): Promise<unknown> {
    const id = this.#nextId++;
    if (this.#stopped)
      return Promise.reject(Object.assign(new Error(`${this.#stopped}.`), { name: 'WorkerError' }));
    return new Promise((resolve, reject) => {
      this.#handlers.set(id, (message) => {
        switch (message.type) {
          case 'progress':
            onProgress(message);
            return;
          case 'error':
            this.#handlers.delete(id);
            reject(Object.assign(new Error(message.message), { name: message.name }));
            return;
          case 'loaded':
          case 'result':
            this.#handlers.delete(id);
            resolve(message.type === 'loaded' ? message.info : message.result);
        }
      });
      this.#worker.postMessage({ ...body, id } as ToWorker);
    });
  }
}
