/**
 * What a served stream measured, from its request records and its per-step log: time to first token, time per
 * output token after the first, end-to-end latency (each with percentiles), throughput over the whole run, and how
 * busy the batch's slots were. Times are the clock the scheduler kept: measured step times or a cost model's.
 */
import type { ServeResult } from './scheduler';

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

export interface ServeMetrics {
  /** Seconds from the stream's start to the last step's end. */
  makespan: number;
  /** Generated tokens per second over the makespan. */
  throughput: number;
  /** Mean over the run's time of the share of slots doing work in the step (prefilling or decoding). */
  utilisation: number;
  ttft: Percentiles;
  /** Seconds per generated token after the first, for requests of two tokens or more. */
  tpot: Percentiles;
  latency: Percentiles;
}

/** The q-quantile (0–1) by linear interpolation between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const [lo, hi] = [Math.floor(at), Math.ceil(at)];
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function percentiles(values: readonly number[]): Percentiles {
  return {
    p50: quantile(values, 0.5),
    p90: quantile(values, 0.9),
    p99: quantile(values, 0.99),
    mean: values.reduce((s, v) => s + v, 0) / values.length,
  };
}

export function serveMetrics({ requests, steps }: ServeResult, slots: number): ServeMetrics {
  const last = steps.at(-1);
  const makespan = last ? last.start + last.seconds : 0;
  const busy = steps.reduce((s, step) => s + step.seconds, 0);
  const slotSeconds = steps.reduce((s, step) => s + step.seconds * step.items.length, 0);
  const generated = requests.reduce((s, r) => s + r.tokens.length, 0);
  return {
    makespan,
    throughput: generated / makespan,
    utilisation: busy > 0 ? slotSeconds / (slots * busy) : 0,
    ttft: percentiles(requests.map((r) => r.firstTokenAt - r.arrival)),
    tpot: percentiles(
      requests
        .filter((r) => r.tokens.length > 1)
        .map((r) => (r.finishedAt - r.firstTokenAt) / (r.tokens.length - 1)),
    ),
    latency: percentiles(requests.map((r) => r.finishedAt - r.arrival)),
  };
}
