/**
 * Helpers for the GPU tests (run in Chromium by Vitest's browser mode): one device per test file, seeded random
 * inputs, running one bound kernel, and comparing with the CPU twin.
 */
import { expect } from 'vitest';
import { rmsnorm } from '../cpu/rmsnorm';
import { Random } from '../model/random';
import { readBuffer, storageBuffer, uploadBuffer } from './buffers';
import { acquireGpu, type GpuContext, type GpuOptions } from './device';
import { RmsNormKernel } from './kernels/rmsnorm';
import type { FoldedNorm } from './kernels/linear';

const contexts = new Map<boolean, Promise<GpuContext>>();

/**
 * The test device, with subgroups where offered, or with `subgroups: false` a second one without, so that the
 * kernels' sums over a workgroup are compared with the CPU twin both ways; fails loudly if the browser has no WebGPU
 * adapter.
 */
export function testGpu({ subgroups = true }: GpuOptions = {}): Promise<GpuContext> {
  let context = contexts.get(subgroups);
  if (!context) {
    context = acquireGpu(undefined, { subgroups });
    contexts.set(subgroups, context);
  }
  return context;
}

export function randomArray(seed: number, n: number, scale = 1): Float32Array {
  return new Random(seed).uniformArray(n, scale);
}

export { storageBuffer, uploadBuffer };

/** Encode one pass with `encode`, submit, and read `n` floats back from `out`. */
export async function runPass(
  device: GPUDevice,
  encode: (pass: GPUComputePassEncoder) => void,
  out: GPUBuffer,
  n: number,
): Promise<Float32Array> {
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  encode(pass);
  pass.end();
  device.queue.submit([encoder.finish()]);
  return new Float32Array(await readBuffer(device, out, n * 4));
}

/** Assert |gpu − cpu| ≤ atol + rtol·|cpu| elementwise, reporting the worst element. */
export function expectClose(gpu: Float32Array, cpu: Float32Array, atol: number, rtol = 0): void {
  expect(gpu.length).toBe(cpu.length);
  let worstExcess = 0;
  let at = -1;
  for (let i = 0; i < cpu.length; i++) {
    const diff = Math.abs(gpu[i]! - cpu[i]!);
    const excess = Number.isNaN(diff) ? Infinity : diff - (atol + rtol * Math.abs(cpu[i]!));
    if (excess > worstExcess) {
      worstExcess = excess;
      at = i;
    }
  }
  expect(at === -1 ? 'all within tolerance' : `element ${at}: gpu ${gpu[at]} vs cpu ${cpu[at]}`).toBe(
    'all within tolerance',
  );
}

/**
 * A residual stream x (T, I) of rms about 2 on the device, an RMSNorm to fold in (weights 0.5 to 1.5, its separate
 * dispatch for many rows), and the CPU's rmsnorm(x).
 */
export async function normInput(
  device: GPUDevice,
  T: number,
  I: number,
  seed: number,
): Promise<{ inp: GPUBuffer; norm: FoldedNorm; normed: Float32Array }> {
  const EPS = 1e-5;
  const x = randomArray(seed, T * I, 3);
  const g = randomArray(seed + 100, I, 0.5).map((v) => v + 1);
  const normed = new Float32Array(T * I);
  rmsnorm(normed, x, g, T, I, EPS);
  const inp = uploadBuffer(device, 'x', x);
  const weight = uploadBuffer(device, 'norm weight', g);
  const h = storageBuffer(device, 'normed', T * I * 4);
  const encode = new RmsNormKernel(device).bind('t', h, inp, weight, I, EPS);
  return { inp, norm: { weight, eps: EPS, normed: h, encode }, normed };
}
