// The coarsening logic of timestamp timing, against a fake timer that rounds each pass's true duration.
import { describe, expect, it } from 'vitest';
import { tickOf, type PassTimer } from './pass-timer';
import { timeWithStamps } from './time-ops';

/** A timer whose passes last `ns` per run of their op, rounded down to multiples of `tick`. */
function fakeTimer(tick: bigint, record: number[][]) {
  return {
    async time(passes: readonly ((pass: GPUComputePassEncoder) => void)[]) {
      const runs: number[] = [];
      const nanoseconds = passes.map((encode) => {
        let total = 0;
        encode({ total: (ns: number) => (total += ns) } as unknown as GPUComputePassEncoder);
        runs.push(total);
        return (BigInt(Math.round(total)) / tick) * tick;
      });
      record.push(runs);
      return { nanoseconds, tick: tickOf(nanoseconds) };
    },
  } as unknown as PassTimer;
}

/** An op lasting `ns` nanoseconds per run. */
const op = (ns: number) => ({
  run: (pass: GPUComputePassEncoder, times: number) =>
    (pass as unknown as { total(ns: number): void }).total(ns * times),
});

describe('tickOf', () => {
  it('is the greatest common divisor of the nonzero intervals', () => {
    expect(tickOf([300_000n, 0n, 500_000n, 1_200_000n])).toBe(100_000n);
    expect(tickOf([1234n, 5678n])).toBe(2n);
    expect(tickOf([0n, 0n])).toBe(0n);
  });
});

describe('timeWithStamps', () => {
  it('takes fine stamps as they are, in one round', async () => {
    const record: number[][] = [];
    const seconds = await timeWithStamps(fakeTimer(1n, record), [op(1001), op(20_003)], 20);
    expect(record).toHaveLength(1);
    expect(seconds[0]).toBeCloseTo(1001e-9, 12);
    expect(seconds[1]).toBeCloseTo(20_003e-9, 12);
  });

  it('repeats short ops until they span many coarse ticks', async () => {
    const record: number[][] = [];
    // A 100 µs tick: 20 runs of a 3 µs op span 60 µs, which rounds to nothing.
    const seconds = await timeWithStamps(
      fakeTimer(100_000n, record),
      [op(3000), op(715_000), op(235_000)],
      20,
    );
    expect(record).toHaveLength(2);
    expect(record[1]).toEqual([3000 * 1000, 235_000 * 22]);
    expect(seconds[0]).toBeCloseTo(3e-6, 8);
    expect(Math.abs(seconds[2]! - 235e-6) / 235e-6).toBeLessThan(0.02);
    expect(seconds[1]).toBeCloseTo(715e-6, 10);
  });

  it('gives up on stamps that never move, so the caller falls back to the wall clock', async () => {
    const seconds = await timeWithStamps(fakeTimer(100_000n, []), [op(10), op(20)], 20);
    expect(seconds).toEqual([undefined, undefined]);
  });
});
