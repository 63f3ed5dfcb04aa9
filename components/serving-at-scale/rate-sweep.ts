/**
 * Lesson 7's analytic sweep: the same seeded stream served at every rate of the grid, under static and then
 * continuous batching, each step priced by the cost model. One point per rate and policy: throughput beside the
 * demand, slot utilisation, time to first token and latency percentiles. Runs on the main thread in slices and
 * stops at the next slice once `signal` aborts.
 */
import type { SchedulerOptions } from '@engine/index';
import { capacityEstimate, rateGrid, type CapacityEstimate } from './rate-grid';
import { scaleSetup, type ScaleRequest } from './scale-request';
import { serveInSlices } from './serve-in-slices';

export type Policy = SchedulerOptions['policy'];

/** Static first: it is the baseline continuous batching is read against. */
export const POLICIES = ['static', 'continuous'] as const satisfies readonly Policy[];

/** Each policy's name in legends, tables and sentences. */
export const POLICY_LABEL = { static: 'static batching', continuous: 'continuous batching' } as const;

export interface SweepPoint {
  /** Mean arrivals per second. */
  rate: number;
  policy: Policy;
  /** Generated tokens per second over the run. */
  throughput: number;
  /** Tokens per second the stream asks for: the rate times its mean output. */
  demand: number;
  /** Share of slots doing work, over the time the device was busy. */
  utilisation: number;
  /** Median time to first token, seconds. */
  ttft: number;
  /** Median and 99th-percentile end-to-end latency, seconds. */
  p50: number;
  p99: number;
  /** Times a request gave up its KV blocks and started again. */
  preemptions: number;
}

export interface RateSweep {
  request: ScaleRequest;
  capacity: CapacityEstimate;
  rates: number[];
  /** By rate, then policy in POLICIES order. */
  points: SweepPoint[];
}

export interface SweepProgress {
  rate: number;
  /** The rate's place in the grid, from 0. */
  index: number;
  total: number;
  policy: Policy;
}

/** Serves `request`'s stream at every rate of its grid under both policies. */
export async function sweepRates(
  request: ScaleRequest,
  signal: AbortSignal,
  onProgress: (progress: SweepProgress) => void = () => {},
): Promise<RateSweep> {
  const scale = scaleSetup(request);
  const capacity = capacityEstimate(request);
  const rates = rateGrid(capacity.rate);
  const points: SweepPoint[] = [];
  for (const [index, rate] of rates.entries())
    for (const policy of POLICIES) {
      onProgress({ rate, index, total: rates.length, policy });
      const { requests, preempted, metrics } = await serveInSlices(scale, rate, policy, signal);
      const meanOutput = requests.reduce((s, r) => s + r.tokens.length, 0) / requests.length;
      points.push({
        rate,
        policy,
        throughput: metrics.throughput,
        demand: rate * meanOutput,
        utilisation: metrics.utilisation,
        ttft: metrics.ttft.p50,
        p50: metrics.latency.p50,
        p99: metrics.latency.p99,
        preemptions: preempted.length,
      });
    }
  return { request, capacity, rates, points };
}
