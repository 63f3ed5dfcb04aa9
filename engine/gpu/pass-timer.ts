/**
 * GPU time of compute passes from timestamp queries: each measured pass has a stamp written as it begins and as
 * it ends. Browsers may coarsen stamps (Chrome rounds them to tens of microseconds unless its WebGPU developer
 * features are on), so a caller repeats the work inside a pass until the pass spans many ticks, and the timer
 * tells how coarse the ticks were: the greatest common divisor of the nonzero intervals it saw.
 */

/** Intervals in nanoseconds; `tick` is their greatest common divisor (0 when none was nonzero). */
export interface PassTimes {
  nanoseconds: bigint[];
  tick: bigint;
}

/** Query sets hold at most 4096 stamps; passes are measured in chunks of this many. */
const PASSES_PER_CHUNK = 2048;

export class PassTimer {
  readonly #device: GPUDevice;

  private constructor(device: GPUDevice) {
    this.#device = device;
  }

  /** A timer, or undefined when the device was made without the timestamp-query feature. */
  static create(device: GPUDevice): PassTimer | undefined {
    return device.features.has('timestamp-query') ? new PassTimer(device) : undefined;
  }

  /** Run each encoder in a pass of its own, all in one submission per chunk; the GPU time of each pass. */
  async time(passes: readonly ((pass: GPUComputePassEncoder) => void)[]): Promise<PassTimes> {
    const nanoseconds: bigint[] = [];
    for (let start = 0; start < passes.length; start += PASSES_PER_CHUNK) {
      nanoseconds.push(...(await this.#chunk(passes.slice(start, start + PASSES_PER_CHUNK))));
    }
    return { nanoseconds, tick: tickOf(nanoseconds) };
  }

  async #chunk(passes: readonly ((pass: GPUComputePassEncoder) => void)[]): Promise<bigint[]> {
    const device = this.#device;
    const count = 2 * passes.length;
    const querySet = device.createQuerySet({ type: 'timestamp', count });
    const resolved = device.createBuffer({
      size: count * 8,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    const readback = device.createBuffer({
      size: count * 8,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    try {
      const encoder = device.createCommandEncoder({ label: 'timed passes' });
      passes.forEach((encode, i) => {
        const pass = encoder.beginComputePass({
          timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 },
        });
        encode(pass);
        pass.end();
      });
      encoder.resolveQuerySet(querySet, 0, count, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, readback, 0, count * 8);
      device.queue.submit([encoder.finish()]);
      await readback.mapAsync(GPUMapMode.READ);
      const stamps = new BigUint64Array(readback.getMappedRange().slice(0));
      readback.unmap();
      // Stamps may come out of order on some hardware: a negative interval counts as zero.
      return passes.map((_, i) => {
        const delta = stamps[2 * i + 1]! - stamps[2 * i]!;
        return delta > 0n ? delta : 0n;
      });
    } finally {
      querySet.destroy();
      resolved.destroy();
      readback.destroy();
    }
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The greatest common divisor of the nonzero intervals: 1 ns or so on a fine timer, the rounding step on a coarse one. */
export function tickOf(intervals: readonly bigint[]): bigint {
  return intervals.reduce((g, d) => (d > 0n ? gcd(d, g) : g), 0n);
}
