/**
 * Round-to-nearest quantization of a weight matrix (O, I), row-major as PyTorch stores a linear layer, into the
 * packed layout of scheme.ts, and back. Every step is defined to the bit so that training/quantize.py produces the
 * same bytes: arithmetic in f32, the scale rounded to f16 before the codes are computed from it, and ties rounded
 * to even (numpy's rint).
 *
 * Symmetric (absmax): s = f16(absmax / qmax), code = clamp(rint(w / s), −qmax, qmax) + 2ᵇ⁻¹, w ≈ s · (code − 2ᵇ⁻¹).
 * Asymmetric: the group's range is widened to include zero, s = f16((max − min) / (2ᵇ − 1)),
 * z = clamp(rint(−min / s), 0, 2ᵇ − 1), code = clamp(rint(w / s) + z, 0, 2ᵇ − 1), w ≈ s · (code − z).
 * An all-zero group gets s = 0 and dequantizes to zeros.
 */
import { f16ToF32, f32ToF16 } from '../model/half';
import { asymmetricMax, groupSize, intLayout, symmetricMax, type IntScheme } from './scheme';

/** A matrix (O, I) in an integer scheme: `words` as intLayout describes them. */
export interface PackedMatrix {
  scheme: IntScheme;
  O: number;
  I: number;
  words: Uint32Array;
}

const f32 = Math.fround;

/** Round half to even, as numpy's rint. */
export function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** The f16 scale and zero-point of one group, and the codes of its values. */
function quantizeGroup(scheme: IntScheme, values: Float32Array, codes: Uint32Array): [number, number] {
  const { bits } = scheme;
  const n = values.length;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  if (!scheme.zeroPoint) {
    const qmax = symmetricMax(bits);
    const scale = f16ToF32(f32ToF16(f32(Math.max(-lo, hi) / qmax)));
    const offset = 2 ** (bits - 1);
    for (let i = 0; i < n; i++)
      codes[i] = (scale === 0 ? 0 : clamp(rint(f32(values[i]! / scale)), -qmax, qmax)) + offset;
    return [scale, offset];
  }
  const qmax = asymmetricMax(bits);
  const scale = f16ToF32(f32ToF16(f32(f32(hi - lo) / qmax)));
  const zero = scale === 0 ? 0 : clamp(rint(f32(-lo / scale)), 0, qmax);
  for (let i = 0; i < n; i++)
    codes[i] = scale === 0 ? zero : clamp(rint(f32(values[i]! / scale)) + zero, 0, qmax);
  return [scale, zero];
}

/** Quantize `weight` (O, I) into `scheme`. */
export function quantizeMatrix(weight: Float32Array, O: number, I: number, scheme: IntScheme): PackedMatrix {
  if (weight.length !== O * I)
    throw new Error(`a (${O}, ${I}) matrix has ${O * I} values, not ${weight.length}`);
  const layout = intLayout(scheme, O, I);
  const g = groupSize(scheme, I);
  const words = new Uint32Array(layout.words);
  const codes = new Uint32Array(g);
  for (let o = 0; o < O; o++) {
    for (let group = 0; group < layout.groups; group++) {
      const start = o * I + group * g;
      const [scale, zero] = quantizeGroup(scheme, weight.subarray(start, start + g), codes);
      codes.forEach((code, k) =>
        writeCode(words, o * layout.rowWords, (group * g + k) * scheme.bits, scheme.bits, code),
      );
      const at = o * layout.groups + group;
      writeHalf(words, layout.scaleWord, at, f32ToF16(scale));
      if (scheme.zeroPoint) writeHalf(words, layout.zeroWord, at, f32ToF16(zero));
    }
  }
  return { scheme, O, I, words };
}

/**
 * What `weight` (O, I) becomes when stored in `scheme` and read back: dequantizeMatrix(quantizeMatrix(…)) to the
 * bit, without packing the codes (for searches that try many scales).
 */
export function quantizeDequantize(
  weight: Float32Array,
  O: number,
  I: number,
  scheme: IntScheme,
): Float32Array {
  const g = groupSize(scheme, I);
  const out = new Float32Array(O * I);
  const codes = new Uint32Array(g);
  for (let start = 0; start < O * I; start += g) {
    const [scale, zero] = quantizeGroup(scheme, weight.subarray(start, start + g), codes);
    for (let k = 0; k < g; k++) out[start + k] = f32(scale * (codes[k]! - zero));
  }
  return out;
}

/** Code of input feature i in row o. */
export function codeAt(m: PackedMatrix, o: number, i: number): number {
  const { bits } = m.scheme;
  const bit = i * bits;
  const base = o * intLayout(m.scheme, m.O, m.I).rowWords;
  const word = base + (bit >>> 5);
  const shift = bit & 31;
  let value = m.words[word]! >>> shift;
  if (shift + bits > 32) value |= m.words[word + 1]! << (32 - shift);
  return value & (2 ** bits - 1);
}

/** Scale and zero-point of row o's group holding input feature i. */
export function groupParams(m: PackedMatrix, o: number, i: number): { scale: number; zero: number } {
  const layout = intLayout(m.scheme, m.O, m.I);
  const at = o * layout.groups + Math.floor(i / groupSize(m.scheme, m.I));
  const scale = f16ToF32(readHalf(m.words, layout.scaleWord, at));
  const zero = m.scheme.zeroPoint
    ? f16ToF32(readHalf(m.words, layout.zeroWord, at))
    : 2 ** (m.scheme.bits - 1);
  return { scale, zero };
}

/** The matrix (O, I) the packed one stands for: s · (code − z), each product rounded to f32. */
export function dequantizeMatrix(m: PackedMatrix): Float32Array {
  const out = new Float32Array(m.O * m.I);
  const g = groupSize(m.scheme, m.I);
  for (let o = 0; o < m.O; o++) {
    for (let start = 0; start < m.I; start += g) {
      const { scale, zero } = groupParams(m, o, start);
      for (let i = start; i < start + g; i++) out[o * m.I + i] = f32(scale * (codeAt(m, o, i) - zero));
    }
  }
  return out;
}

function writeCode(words: Uint32Array, base: number, bit: number, bits: number, code: number): void {
  const word = base + (bit >>> 5);
  const shift = bit & 31;
  words[word] = (words[word]! | (code << shift)) >>> 0;
  if (shift + bits > 32) words[word + 1] = (words[word + 1]! | (code >>> (32 - shift))) >>> 0;
}

function writeHalf(words: Uint32Array, base: number, at: number, half: number): void {
  const word = base + (at >>> 1);
  words[word] = (words[word]! | (half << ((at & 1) * 16))) >>> 0;
}

function readHalf(words: Uint32Array, base: number, at: number): number {
  return (words[base + (at >>> 1)]! >>> ((at & 1) * 16)) & 0xffff;
}
