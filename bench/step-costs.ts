/**
 * What a decode step costs the host, read from the GPU backend's step encoder: the compute dispatches it encodes and
 * the time to encode them.
 */
import type { ForwardStep, GpuBackend, StepEncoder } from '../engine/bench-entry';

/** Compute dispatches in one step without copy-on-write: one per bound op (split attention adds a combine). */
export function dispatchesPerStep(encoder: StepEncoder): number {
  return encoder.graph.perToken.length + encoder.graph.perLogitRow.length;
}

/** Host seconds to encode one step's commands, nothing submitted: the CPU's share of a step. */
export function encodeSeconds(encoder: StepEncoder, step: ForwardStep, reps = 20): number {
  const start = performance.now();
  for (let i = 0; i < reps; i++) encoder.encode(step);
  return (performance.now() - start) / 1000 / reps;
}

/** From now on, every step the backend is asked to run, in order (the list fills as it runs them). */
export function recordSteps(backend: GpuBackend): ForwardStep[] {
  const seen: ForwardStep[] = [];
  const forward = backend.forward.bind(backend);
  backend.forward = (step) => (seen.push(step), forward(step));
  return seen;
}
