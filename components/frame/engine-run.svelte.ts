/**
 * One widget's run of the page's engine: the request it ran, its result (or the partial result streaming in), and
 * whether it is running, was cancelled or failed. Starting again cancels the run in flight; the result on screen
 * stays until the new run brings one, so a chart dims instead of going blank. What a run does is the widget's own
 * `job`, usually one or two calls of `Engine.run`. Partial results are shown at most once a frame, the latest of them:
 * a CPU run streams tokens faster than the screen refreshes, and each one shown costs the page a layout. A job hands
 * `partial` a fresh array each time, never the one it goes on filling and returns: when the first partial and the
 * result are the same array, a widget's derived figures see nothing change and keep the empty run's.
 */
export type RunJob<Request, Result> = (
  request: Request,
  signal: AbortSignal,
  partial: (result: Result) => void,
) => Promise<Result>;

export class EngineRun<Request, Result> {
  result = $state.raw<Result | undefined>();
  /** The request whose result is shown. */
  resultRequest = $state.raw<Request | undefined>();
  running = $state(false);
  /** Whether the last run was stopped by Cancel (its result, if any, holds what it measured before). */
  cancelled = $state(false);
  /** Why the last run failed, in words. */
  failure = $state<string | undefined>();
  /** Whether any run has started: from then on, moving a control re-runs. */
  started = $state(false);
  /** Whether the result shown is streaming in from the run in flight (a partial result), not an earlier run's. */
  streaming = $state(false);
  /** The signal of the run in flight, which the page's engine names when it is that run's turn. */
  signal = $state.raw<AbortSignal | undefined>();
  readonly #job: RunJob<Request, Result>;
  #controller: AbortController | undefined;
  #generation = 0;
  #startedKey: string | undefined;

  constructor(job: RunJob<Request, Result>) {
    this.#job = job;
  }

  /** Run `request`, cancelling the run in flight; resolves when this run ends (or another replaces it). */
  async start(request: Request): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    const generation = ++this.#generation;
    const current = () => generation === this.#generation;
    this.#controller = controller;
    this.signal = controller.signal;
    this.#startedKey = requestKey(request);
    this.started = true;
    this.running = true;
    this.cancelled = false;
    this.failure = undefined;
    this.streaming = false;
    const show = (result: Result) => {
      if (!current()) return;
      this.result = result;
      this.resultRequest = request;
    };
    let latest: Result;
    let cancelFrame: (() => void) | undefined;
    const partial = (result: Result) => {
      latest = result;
      cancelFrame ??= beforeNextFrame(() => {
        cancelFrame = undefined;
        show(latest);
        if (current()) this.streaming = true;
      });
    };
    try {
      const result = await this.#job(request, controller.signal, partial);
      cancelFrame?.();
      show(result);
      if (current()) this.cancelled = controller.signal.aborted;
    } catch (error) {
      if (!current()) return;
      if (controller.signal.aborted) this.cancelled = true;
      else this.failure = (error as Error).message;
    } finally {
      cancelFrame?.();
      if (current()) {
        this.running = false;
        this.streaming = false;
        this.#controller = undefined;
        this.signal = undefined;
      }
    }
  }

  /** Stop the run in flight at its next safe point. */
  cancel(): void {
    this.#controller?.abort();
  }

  /** Whether the last run started (running or not) asked for `request`. */
  hasStarted(request: Request): boolean {
    return this.#startedKey === requestKey(request);
  }

  /** Whether the result on screen was measured with other settings than `request`. */
  isStale(request: Request): boolean {
    return this.result !== undefined && requestKey(this.resultRequest) !== requestKey(request);
  }
}

/**
 * Calls `callback` before the browser draws its next frame, or at once where nothing draws frames (a test outside a
 * browser); returns a cancel.
 */
function beforeNextFrame(callback: () => void): (() => void) | undefined {
  if (typeof requestAnimationFrame !== 'function') {
    callback();
    return undefined;
  }
  const frame = requestAnimationFrame(callback);
  return () => cancelAnimationFrame(frame);
}

/** A request's identity, for telling whether a result belongs to the current settings. */
export function requestKey(request: unknown): string {
  return JSON.stringify(request) ?? '';
}
