/**
 * Measuring the reader's own device: copy bandwidth, peak f32 FLOP/s (an FMA-bound kernel), the cost of one
 * dependent dispatch and of a submit round trip, on WebGPU; copy bandwidth and arithmetic rate on the CPU
 * fallback. Each microbenchmark sizes itself to run long enough to time (about a tenth of a second), so the whole check
 * stays within a few seconds on a laptop and within seconds on a software GPU. Wall clock around whole submissions.
 */
import copyCode from './kernels/copy.wgsl?raw';
import fmaCode from './kernels/fma.wgsl?raw';
import { storageBuffer } from '../gpu/buffers';
import { dispatchLinear, Kernel, Params } from '../gpu/kernel';
import { fmaTwinFlops } from './microbench-twins';

export interface DeviceRates {
  backend: 'webgpu' | 'cpu';
  /** Bytes per second, read and write counted. */
  copyBandwidth: number;
  /** f32 FLOP/s on WebGPU; f64 scalar FLOP/s of JavaScript on the CPU. */
  peakFlops: number;
  /** Seconds one dispatch adds when each waits for the one before (WebGPU only). */
  dispatchSeconds?: number;
  /** Seconds for an empty submit and its completion (WebGPU only). */
  submitSeconds?: number;
  /** All timings are wall clock around whole submissions or loops. */
  clock: 'wall';
  /** How long the whole check took, in seconds. */
  seconds: number;
  /** Bytes in each of the two arrays the CPU copy moves between (CPU only). */
  copyArrayBytes?: number;
}

export type MeasureProgress = (stage: string, fraction: number) => void;

const TARGET_SECONDS = 0.1;

/** Seconds per repetition of `run`, with the repetition count grown until a timing lasts `target` seconds. */
export async function timed(run: (reps: number) => Promise<void>, target = TARGET_SECONDS): Promise<number> {
  await run(1);
  for (let reps = 1; ; reps *= 4) {
    const start = performance.now();
    await run(reps);
    const seconds = (performance.now() - start) / 1000;
    if (seconds >= target || reps >= 4096) return seconds / reps;
  }
}

/** Encode one compute pass, submit it, and resolve when the queue has finished it. */
export function submitPass(
  device: GPUDevice,
  encode: (pass: GPUComputePassEncoder) => void,
): Promise<undefined> {
  const encoder = device.createCommandEncoder({ label: 'microbench' });
  const pass = encoder.beginComputePass();
  encode(pass);
  pass.end();
  device.queue.submit([encoder.finish()]);
  return device.queue.onSubmittedWorkDone();
}

export async function measureGpuRates(
  device: GPUDevice,
  maxBinding: number,
  progress: MeasureProgress = () => {},
): Promise<DeviceRates> {
  const began = performance.now();
  progress('submit round trip', 0);
  const submitSeconds = await timed(async (reps) => {
    for (let i = 0; i < reps; i++) {
      device.queue.submit([device.createCommandEncoder().finish()]);
      await device.queue.onSubmittedWorkDone();
    }
  });

  progress('copy bandwidth', 0.2);
  const copy = new Kernel(device, 'microbench copy', copyCode);
  const bytes = Math.min(64 << 20, Math.floor(maxBinding / 16) * 16);
  const a = storageBuffer(device, 'microbench a', bytes);
  const b = storageBuffer(device, 'microbench b', bytes);
  const size = new Params(device, 'microbench copy', ['u32']);
  size.set([bytes / 16]);
  const forward = copy.bind('a to b', [b, a, size.buffer]);
  const backward = copy.bind('b to a', [a, b, size.buffer]);
  const copySeconds = await timed((reps) =>
    submitPass(device, (pass) => {
      for (let i = 0; i < reps; i++) dispatchLinear(copy, pass, i % 2 ? backward : forward, bytes / 16, 256);
    }),
  );
  const copyBandwidth = (2 * bytes) / copySeconds;

  progress('dispatch cost', 0.5);
  const tiny = new Params(device, 'microbench tiny copy', ['u32']);
  tiny.set([64]);
  const tinyForward = copy.bind('tiny a to b', [b, a, tiny.buffer]);
  const tinyBackward = copy.bind('tiny b to a', [a, b, tiny.buffer]);
  const chain = 100;
  const chainSeconds = await timed((reps) =>
    submitPass(device, (pass) => {
      for (let i = 0; i < reps * chain; i++)
        dispatchLinear(copy, pass, i % 2 ? tinyBackward : tinyForward, 64, 256);
    }),
  );
  const dispatchSeconds = Math.max(0, (chainSeconds - submitSeconds) / chain);
  a.destroy();
  b.destroy();

  progress('arithmetic rate', 0.7);
  const fma = new Kernel(device, 'microbench fma', fmaCode);
  const threads = 256 * 1024;
  const out = storageBuffer(device, 'microbench fma out', threads * 4);
  const rounds = new Params(device, 'microbench fma', ['u32']);
  let iterations = 16;
  let seconds = 0;
  const group = fma.bind('fma', [out, rounds.buffer]);
  // Grow the loop, not the launch, until one dispatch is long enough that launch cost does not matter.
  for (; iterations <= 1 << 16; iterations *= 4) {
    rounds.set([iterations]);
    seconds = await timed((reps) =>
      submitPass(device, (pass) => {
        for (let i = 0; i < reps; i++) dispatchLinear(fma, pass, group, threads, 256);
      }),
    );
    if (seconds > 20 * dispatchSeconds + 1e-3) break;
  }
  out.destroy();
  progress('done', 1);
  return {
    backend: 'webgpu',
    copyBandwidth,
    peakFlops: fmaTwinFlops(threads, iterations) / seconds,
    dispatchSeconds,
    submitSeconds,
    clock: 'wall',
    seconds: (performance.now() - began) / 1000,
  };
}

/**
 * Floats in each array of the CPU copy: 64 MiB, past the last-level cache of most desktop and laptop processors, so the
 * copy measures main memory (two 16 MiB arrays fit a server's cache: 55 GB/s against 30–38 GB/s with 64–256 MiB
 * arrays, in Node on the 2-core EPYC machine these tests run on).
 */
const CPU_COPY_FLOATS = 16 << 20;

/** The CPU fallback's own rates: typed-array copy bandwidth and scalar multiply-add rate of this JavaScript engine. */
export async function measureCpuRates(progress: MeasureProgress = () => {}): Promise<DeviceRates> {
  const began = performance.now();
  progress('copy bandwidth', 0);
  const n = CPU_COPY_FLOATS;
  const src = new Float32Array(n).fill(1);
  const dst = new Float32Array(n);
  const copySeconds = await timed(async (reps) => {
    for (let i = 0; i < reps; i++) dst.set(src);
  });
  progress('arithmetic rate', 0.5);
  const loop = 1 << 20;
  let sink = 0;
  const flopSeconds = await timed(async (reps) => {
    let a = 1;
    let b = 2;
    let c = 3;
    let d = 4;
    for (let i = 0; i < reps * loop; i++) {
      a = a * 0.999 + 0.001;
      b = b * 0.999 + 0.001;
      c = c * 0.999 + 0.001;
      d = d * 0.999 + 0.001;
    }
    sink += a + b + c + d;
  });
  // Reading the result keeps the loop from being optimised away.
  if (!Number.isFinite(sink)) throw new Error('the arithmetic probe overflowed');
  progress('done', 1);
  return {
    backend: 'cpu',
    copyBandwidth: (2 * n * 4) / copySeconds,
    peakFlops: (8 * loop) / flopSeconds,
    clock: 'wall',
    seconds: (performance.now() - began) / 1000,
    copyArrayBytes: n * 4,
  };
}
