/** Test helper: a sweep written by hand, three rates, for the cases a real setup rarely shows. */
import type { Policy, RateSweep, SweepPoint } from './rate-sweep';
import { DEFAULT_REQUEST } from './scale-request';

type Row = [rate: number, policy: Policy, throughput: number, p50: number];

/** Each row a point; demand is the rate times 100 tokens, p99 twice the median. */
export function handSweep(rows: readonly Row[]): RateSweep {
  const points: SweepPoint[] = rows.map(([rate, policy, throughput, p50]) => ({
    rate,
    policy,
    throughput,
    demand: 100 * rate,
    utilisation: 0.5,
    ttft: p50 / 4,
    p50,
    p99: 2 * p50,
    preemptions: 0,
  }));
  return {
    request: DEFAULT_REQUEST,
    capacity: { rate: 10, batch: 64, context: 352, stepSeconds: 0.0132 },
    rates: [...new Set(points.map((p) => p.rate))].sort((a, b) => a - b),
    points,
  };
}
