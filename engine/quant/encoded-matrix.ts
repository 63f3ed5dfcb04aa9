/**
 * A linear layer's weight (O, I) as a backend holds it: f32 values, or u32 words in a 16-bit or integer scheme
 * (scheme.ts's layouts; W8A8's words are int8 per channel's). The CPU backend multiplies by it through cpu/linear.ts; the GPU backend uploads `words`
 * as they are and its kernels decode them.
 */
import { packHalves } from './halves';
import { quantizeMatrix } from './quantize';
import { INT8_CODES, type WeightScheme } from './scheme';

export interface EncodedMatrix {
  scheme: Exclude<WeightScheme, { kind: 'f32' }>;
  O: number;
  I: number;
  words: Uint32Array;
}

export type Matrix = Float32Array | EncodedMatrix;

/** `weight` (O, I) stored in `scheme`. */
export function encodeMatrix(weight: Float32Array, O: number, I: number, scheme: WeightScheme): Matrix {
  if (scheme.kind === 'f32') return weight;
  if (scheme.kind === 'f16') return { scheme, O, I, words: packHalves(weight) };
  if (scheme.kind === 'w8a8') return { ...quantizeMatrix(weight, O, I, INT8_CODES), scheme };
  return quantizeMatrix(weight, O, I, scheme);
}

/** The scheme a matrix is stored in. */
export function schemeOf(matrix: Matrix): WeightScheme {
  return matrix instanceof Float32Array ? { kind: 'f32' } : matrix.scheme;
}

/** What a backend uploads: the values or the words. */
export function matrixData(matrix: Matrix): Float32Array | Uint32Array {
  return matrix instanceof Float32Array ? matrix : matrix.words;
}

/** The values of a matrix stored in f32; throws for an encoded one. */
export function f32Values(matrix: Matrix): Float32Array {
  if (matrix instanceof Float32Array) return matrix;
  throw new Error(`the matrix is stored in ${matrix.scheme.kind}, not f32`);
}
