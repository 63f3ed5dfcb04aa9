/**
 * Measured times joined to counted costs: each timed dispatch (or CPU op) gets the FLOPs and bytes of the ops it
 * covers, so time turns into achieved FLOP/s and bytes/s. A fused kernel covers several ops; its kind is the kind
 * of the op among them that moves the most bytes (a fused norm + projection counts as a matmul).
 */
import type { OpTime, TimingClock } from '../backend';
import { sumCosts, totalBytes, type CostTotals, type OpCount, type OpKind } from './op-costs';

export interface MeasuredOp extends CostTotals {
  name: string;
  kind: OpKind;
  layer: number | null;
  covers: readonly string[];
  seconds: number;
  clock: TimingClock;
}

/** Join `times` to `counts` by the op names each time covers; every count must be covered exactly once. */
export function measuredOps(counts: readonly OpCount[], times: readonly OpTime[]): MeasuredOp[] {
  const byName = new Map(counts.map((c) => [c.name, c]));
  const covered = new Set<string>();
  const joined = times.map((time) => {
    const ops = time.covers.map((name) => {
      const count = byName.get(name);
      if (!count) throw new Error(`${time.name} covers ${name}, which the step does not have`);
      if (covered.has(name)) throw new Error(`${name} is timed twice`);
      covered.add(name);
      return count;
    });
    const heaviest = ops.reduce((a, b) => (totalBytes(b) > totalBytes(a) ? b : a));
    return {
      name: time.name,
      kind: heaviest.kind,
      layer: heaviest.layer,
      covers: time.covers,
      seconds: time.seconds,
      clock: time.clock,
      ...sumCosts(ops),
    };
  });
  const missing = counts.find((c) => !covered.has(c.name));
  if (missing) throw new Error(`no time was measured for ${missing.name}`);
  return joined;
}
