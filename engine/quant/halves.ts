/**
 * The f16 weight format: a matrix (O, I) as O·I/2 u32 words, two IEEE halves to a word, the even input feature in
 * the low half. Read by engine/cpu/matmul-packed.ts (matmulHalf) and gpu/kernels/packed-half.wgsl.
 */
import { f16ToF32, f32ToF16 } from '../model/half';

/** `weight` (O, I) rounded to f16 (ties to even) and packed two to a word; I·O must be even. */
export function packHalves(weight: Float32Array): Uint32Array {
  if (weight.length % 2 !== 0) throw new Error(`${weight.length} values do not pack two to a word`);
  const words = new Uint32Array(weight.length / 2);
  for (let k = 0; k < words.length; k++)
    words[k] = (f32ToF16(weight[2 * k]!) | (f32ToF16(weight[2 * k + 1]!) << 16)) >>> 0;
  return words;
}

let table: Float32Array | undefined;

/** Every half's value, indexed by its 16 bits: a table lookup instead of a conversion per weight. */
export function halfTable(): Float32Array {
  table ??= Float32Array.from({ length: 65536 }, (_, bits) => f16ToF32(bits));
  return table;
}
