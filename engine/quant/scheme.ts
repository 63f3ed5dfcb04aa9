/**
 * How a weight matrix is stored: 32- or 16-bit floats, or b-bit integer codes with an f16 scale (and, for
 * asymmetric schemes, an f16 zero-point) per group of consecutive input features of one output row. Only the
 * transformer blocks' linear layers are quantized; the embedding and output head stay at 16 bits under every
 * low-bit scheme, as GPTQ and AWQ leave them (Frantar et al. 2022; Lin et al. 2023).
 */

export type Bits = 2 | 3 | 4 | 8;

export interface IntScheme {
  kind: 'int';
  bits: Bits;
  /** Input features sharing one scale; 'row' is one scale per output channel (per-channel quantization). */
  group: number | 'row';
  /** Asymmetric: codes 0 … 2ᵇ − 1 around an f16 zero-point per group. Symmetric: ±(2ᵇ⁻¹ − 1) around zero. */
  zeroPoint: boolean;
}

/**
 * W8A8 (Dettmers et al. 2022, arXiv:2208.07339): weights stored exactly as int8 per channel (INT8_CODES), and the
 * activations quantized to int8 per token on the fly, so the product is an integer dot product. With a threshold,
 * LLM.int8()'s decomposition: the input features reaching it in any row of the batch are multiplied in f32 instead.
 */
export interface W8A8Scheme {
  kind: 'w8a8';
  /** |x| at which an input feature becomes an outlier column; null for plain per-token W8A8. */
  threshold: number | null;
}

export type WeightScheme = { kind: 'f32' } | { kind: 'f16' } | IntScheme | W8A8Scheme;

/** How W8A8's weights are stored: int8 codes with one symmetric f16 absmax scale per output row. */
export const INT8_CODES: IntScheme = { kind: 'int', bits: 8, group: 'row', zeroPoint: false };

/** The integer scheme a scheme's codes are stored in: itself, int8 per channel for W8A8; null for floats. */
export function storedInts(scheme: WeightScheme): IntScheme | null {
  if (scheme.kind === 'int') return scheme;
  return scheme.kind === 'w8a8' ? INT8_CODES : null;
}

/** Input features per group of a matrix with I input features. */
export function groupSize(scheme: IntScheme, I: number): number {
  const g = scheme.group === 'row' ? I : scheme.group;
  if (I % g !== 0) throw new Error(`a group of ${g} does not divide ${I} input features`);
  return g;
}

/** Largest code magnitude of a symmetric scheme: 127 for int8, 7 for int4 (−2ᵇ⁻¹ is left unused). */
export function symmetricMax(bits: Bits): number {
  return 2 ** (bits - 1) - 1;
}

/** Largest code of an asymmetric scheme: 255 for int8, 15 for int4. */
export function asymmetricMax(bits: Bits): number {
  return 2 ** bits - 1;
}

/**
 * Where a quantized matrix (O, I) lies in one buffer of u32 words: the codes, row by row, each row a little-endian
 * bitstream starting on a word (input feature i at bit i·b); then the f16 scales, (O, I/g) row-major, two to a word
 * (low half first); then, if the scheme has zero-points, the f16 zero-points laid out like the scales.
 */
export interface IntLayout {
  /** Words per row of codes. */
  rowWords: number;
  /** Groups per row. */
  groups: number;
  /** First word of the scales, and of the zero-points (equal to the end of the buffer without them). */
  scaleWord: number;
  zeroWord: number;
  /** Words in all. */
  words: number;
}

export function intLayout(scheme: IntScheme, O: number, I: number): IntLayout {
  const groups = I / groupSize(scheme, I);
  const rowWords = Math.ceil((I * scheme.bits) / 32);
  const halfWords = Math.ceil((O * groups) / 2);
  const scaleWord = O * rowWords;
  const zeroWord = scaleWord + halfWords;
  return { rowWords, groups, scaleWord, zeroWord, words: zeroWord + (scheme.zeroPoint ? halfWords : 0) };
}

/** Bytes a matrix (O, I) takes in a scheme, scales and zero-points included. */
export function matrixBytes(scheme: WeightScheme, O: number, I: number): number {
  if (scheme.kind === 'f32') return O * I * 4;
  if (scheme.kind === 'f16') return O * I * 2;
  return intLayout(storedInts(scheme)!, O, I).words * 4;
}

/** Bits stored per weight of a matrix (O, I), scales and zero-points included. */
export function bitsPerWeight(scheme: WeightScheme, O: number, I: number): number {
  return (matrixBytes(scheme, O, I) * 8) / (O * I);
}

/** A scheme's short name: f32, f16, int8 per channel, int4 g128, int4 g128 zp, W8A8, W8A8 + f32 outliers ≥ 6. */
export function schemeName(scheme: WeightScheme): string {
  if (scheme.kind === 'w8a8')
    return scheme.threshold === null ? 'W8A8' : `W8A8 + f32 outliers ≥ ${scheme.threshold}`;
  if (scheme.kind !== 'int') return scheme.kind;
  const group = scheme.group === 'row' ? 'per channel' : `g${scheme.group}`;
  return `int${scheme.bits} ${group}${scheme.zeroPoint ? ' zp' : ''}`;
}
