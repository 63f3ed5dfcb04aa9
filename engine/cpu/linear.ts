/**
 * A linear layer out = inp · Wᵀ for a weight stored in any scheme (engine/quant): f32 through matmul.ts, 16-bit
 * and integer codes through matmul-packed.ts, which decodes them group by group, W8A8 through quant/llm-int8.ts
 * (activations quantized per token, integer dot products). The CPU twin of the GPU's linear.ts, linear-packed.ts
 * and w8a8.ts together.
 * out: (T, O); inp: (T, I); weight: (O, I).
 */
import type { Matrix } from '../quant/encoded-matrix';
import { int8MatmulDecomposed } from '../quant/llm-int8';
import { INT8_CODES } from '../quant/scheme';
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
  if (weight.scheme.kind === 'w8a8') {
    int8MatmulDecomposed(out, inp, { ...weight, scheme: INT8_CODES }, T, weight.scheme.threshold, 'token');
    return;
  }
  matmulPacked(out, inp, { ...weight, scheme: weight.scheme }, T);
}
