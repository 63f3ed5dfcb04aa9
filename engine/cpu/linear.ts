/**
 * A linear layer out = inp · Wᵀ for a weight stored in any scheme (engine/quant): f32 through matmul.ts, 16-bit
 * and integer codes through matmul-packed.ts, which decodes them group by group. The CPU twin of the GPU's
 * linear.ts and linear-packed.ts together.
 * out: (T, O); inp: (T, I); weight: (O, I).
 */
import type { Matrix } from '../quant/encoded-matrix';
import { matmul } from './matmul';
import { matmulHalf, matmulPacked } from './matmul-packed';

export function linear(
  out: Float32Array,
  inp: Float32Array,
  weight: Matrix,
  T: number,
  I: number,
  O: number,
): void {
  if (weight instanceof Float32Array) return matmul(out, inp, weight, T, I, O);
  if (weight.O !== O || weight.I !== I)
    throw new Error(`a (${weight.O}, ${weight.I}) weight cannot map ${I} features to ${O}`);
  if (weight.scheme.kind === 'f16') return matmulHalf(out, inp, weight.words, T, I, O);
  matmulPacked(out, inp, { ...weight, scheme: weight.scheme }, T);
}
