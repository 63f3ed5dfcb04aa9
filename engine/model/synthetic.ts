/**
 * Seeded synthetic weights for any config, generated without a download. Each element is a pure function of
 * (seed, tensor index, element index) through an integer hash, so the GPU can generate the same values in place
 * for models too large to build on the CPU. Matrices are uniform with standard deviation 1/√fan-in and norm gains
 * are one, which keeps activations of order one through any depth and any number of decode steps.
 */
import type { LlamaConfig } from './config';
import { assembleWeights, type LlamaWeights, type TensorSpec } from './weights';

/** A 32-bit integer hash with good avalanche (Chris Wellons' "lowbias32"). Mirrored in WGSL. */
export function hash32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Half-width of the uniform distribution with standard deviation 1/√fanIn, rounded to f32. */
export function uniformHalfWidth(fanIn: number): number {
  return Math.fround(Math.sqrt(3 / fanIn));
}

/** Element i of tensor `tensor` for `seed`: uniform in [-a, a) on a 2⁻²⁴ grid, exact in f32 on CPU and GPU. */
export function syntheticValue(seed: number, tensor: number, i: number, a: number): number {
  const key = hash32((seed ^ Math.imul(tensor + 1, 0x9e3779b9)) >>> 0);
  const bits = hash32((i ^ key) >>> 0) >>> 8; // 24 random bits
  return Math.fround((bits * 2 ** -23 - 1) * a);
}

/** One tensor's synthetic values. */
export function syntheticTensor(seed: number, index: number, spec: TensorSpec): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  if (spec.init === 'ones') return out.fill(1);
  const a = uniformHalfWidth(spec.init.fanIn);
  for (let i = 0; i < size; i++) out[i] = syntheticValue(seed, index, i, a);
  return out;
}

/** All weights of a synthetic model, generated on the CPU. */
export function syntheticWeights(config: LlamaConfig, seed: number): LlamaWeights {
  return assembleWeights(config, (spec, index) => syntheticTensor(seed, index, spec));
}
