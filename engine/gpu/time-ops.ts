/**
 * Timing a step's ops one by one (Backend.timeOps): each op runs `reps` times in a pass of its own, timed with GPU
 * timestamps where the device has them, else on the wall clock to completion less an empty submission's round
 * trip. Where the stamps turn out coarse (a tick of a microsecond or more), ops that spanned fewer than
 * TICKS_PER_PASS ticks are run again with enough repeats to span that many, so the rounding costs at most a few
 * per cent.
 */
import type { OpTime } from '../backend';
import { PassTimer } from './pass-timer';

export interface RepeatableOp {
  run(pass: GPUComputePassEncoder, times: number): void;
}

/** An op of a step under its name and the ops of engine/measure/op-costs.ts it computes. */
export interface NamedOp extends RepeatableOp {
  name: string;
  covers: readonly string[];
}

/** Times ops on one device; measures an empty submission's round trip once, when the wall clock is first needed. */
export class OpTimer {
  readonly #device: GPUDevice;
  #roundTrip: number | undefined;

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /** Seconds per run of each op, each run `reps` times in a pass of its own. */
  async time(ops: readonly NamedOp[], reps: number): Promise<OpTime[]> {
    const timer = PassTimer.create(this.#device);
    const stamped = timer ? await timeWithStamps(timer, ops, reps) : [];
    const times: OpTime[] = [];
    for (const [i, op] of ops.entries()) {
      const seconds = stamped[i];
      times.push({
        name: op.name,
        covers: op.covers,
        ...(seconds === undefined
          ? { seconds: await this.#wallClock((pass) => op.run(pass, reps), reps), clock: 'wall-clock' }
          : { seconds, clock: 'gpu-timestamp' }),
      });
    }
    return times;
  }

  /** Seconds per repetition of `encode` (which runs `reps` of them): wall clock less an empty round trip. */
  async #wallClock(encode: (pass: GPUComputePassEncoder) => void, reps: number): Promise<number> {
    const submit = async (body: (pass: GPUComputePassEncoder) => void) => {
      const encoder = this.#device.createCommandEncoder({ label: 'timed op' });
      const pass = encoder.beginComputePass();
      body(pass);
      pass.end();
      const start = performance.now();
      this.#device.queue.submit([encoder.finish()]);
      await this.#device.queue.onSubmittedWorkDone();
      return (performance.now() - start) / 1000;
    };
    if (this.#roundTrip === undefined) {
      const empties = [];
      for (let i = 0; i < 5; i++) empties.push(await submit(() => {}));
      this.#roundTrip = Math.min(...empties);
    }
    return Math.max(0, (await submit(encode)) - this.#roundTrip) / reps;
  }
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
