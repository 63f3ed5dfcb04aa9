/**
 * The engine's serveAtScale run on the page's main thread in slices: the event loop gets a turn after every few
 * milliseconds of steps, so sliders stay responsive and a cancel lands within the run. A light load at long outputs
 * takes a hundred thousand steps, seconds in one piece.
 */
import { serveAtScale, type ScaleRun, type ScaleSetup, type SchedulerOptions } from '@engine/index';
import { nextTask } from './next-task';

/** Milliseconds of steps between two turns of the event loop. */
export const SLICE_MS = 12;

/** The stream at `rate` requests per second served under `policy`, yielding every `sliceMs` of work. */
export async function serveInSlices(
  scale: ScaleSetup,
  rate: number,
  policy: SchedulerOptions['policy'],
  signal: AbortSignal,
  sliceMs = SLICE_MS,
): Promise<ScaleRun> {
  let sliceStart = performance.now();
  const onStep = async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await nextTask();
    sliceStart = performance.now();
  };
  return serveAtScale(scale, rate, policy, { signal, onStep });
}
