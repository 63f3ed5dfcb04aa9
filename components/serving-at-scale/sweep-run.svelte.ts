/**
 * The widget's sweep over arrival rates, kept current with its controls: asking for new settings cancels the sweep
 * in flight at once (freeing the main thread while a slider moves) and starts the new one once the controls rest.
 * The last sweep's result stays on screen meanwhile. Built on the frame's run class, with the rate being served as
 * progress.
 */
import { EngineRun } from '../frame/engine-run.svelte';
import { sweepRates, type RateSweep, type SweepProgress } from './rate-sweep';
import type { ScaleRequest } from './scale-request';

export class SweepRun {
  /** The rate being served, while a sweep for the current settings runs; cleared when one is cancelled. */
  progress = $state.raw<SweepProgress | undefined>();
  readonly run = new EngineRun<ScaleRequest, RateSweep>((request, signal) =>
    sweepRates(request, signal, (progress) => {
      if (!signal.aborted) this.progress = progress;
    }),
  );
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Sweep `request` after `delayMs`, cancelling any other sweep at once; nothing to do if it runs or is shown. */
  ask(request: ScaleRequest, delayMs: number): void {
    clearTimeout(this.#timer);
    const { run } = this;
    if (run.running && run.hasStarted(request)) return;
    run.cancel();
    this.progress = undefined;
    if (run.result !== undefined && !run.isStale(request)) return;
    this.#timer = setTimeout(() => void run.start(request), delayMs);
  }

  /** Stop: no sweep starts, and the one in flight ends at its next slice. */
  stop(): void {
    clearTimeout(this.#timer);
    this.run.cancel();
    this.progress = undefined;
  }

  /** Whether the result on screen is for other settings than `request`, or none is there yet. */
  isBehind(request: ScaleRequest): boolean {
    return this.run.result === undefined || this.run.isStale(request);
  }
}
