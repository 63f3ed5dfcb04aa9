/**
 * Timing ops with GPU timestamps. Each op runs `reps` times in a pass of its own. Where the stamps turn out coarse
 * (a tick of a microsecond or more), ops that spanned fewer than TICKS_PER_PASS ticks are run again with enough
 * repeats to span that many, so the rounding costs at most a few per cent.
 */
import type { PassTimer } from './pass-timer';

export interface RepeatableOp {
  run(pass: GPUComputePassEncoder, times: number): void;
}

/** A tick at least this long (nanoseconds) means the browser coarsened the stamps. */
const COARSE_TICK = 1000n;
const TICKS_PER_PASS = 50n;
const MAX_REPS = 1000;

/** Seconds per run of each op; undefined for an op the stamps could not resolve (its caller times it otherwise). */
export async function timeWithStamps(
  timer: PassTimer,
  ops: readonly RepeatableOp[],
  reps: number,
): Promise<(number | undefined)[]> {
  const first = await timer.time(ops.map((op) => (pass) => op.run(pass, reps)));
  const seconds: (number | undefined)[] = first.nanoseconds.map((ns) => Number(ns) / 1e9 / reps);
  if (first.tick === 0n) return seconds.map(() => undefined);
  if (first.tick < COARSE_TICK) return seconds;
  const span = TICKS_PER_PASS * first.tick;
  const again = ops.flatMap((op, i) => {
    const ns = first.nanoseconds[i]!;
    if (ns >= span) return [];
    const more = ns === 0n ? MAX_REPS : Math.ceil((reps * Number(span)) / Number(ns));
    return [{ i, op, reps: Math.min(MAX_REPS, more) }];
  });
  const second = await timer.time(
    again.map(
      ({ op, reps: n }) =>
        (pass) =>
          op.run(pass, n),
    ),
  );
  again.forEach(({ i, reps: n }, j) => {
    const ns = second.nanoseconds[j]!;
    seconds[i] = ns === 0n ? undefined : Number(ns) / 1e9 / n;
  });
  return seconds;
}
