/**
 * LLM.int8(): a linear layer with int8 weights and int8 activations (W8A8), and its mixed-precision decomposition
 * (Dettmers et al. 2022, arXiv:2208.07339). The weight is int8 with one absmax scale per output row (scheme.ts's
 * int8 per channel, quantize.ts's codes and f16 scales). The activations are quantized on the fly, per token (one
 * absmax scale per row of the input) or per tensor (one scale for the whole input), to ±127 in f32:
 *
 *   a = absmax of the input features kept in int8 (over the row, or over the whole input)
 *   s = f32(a / 127),  code = clamp(rint(f32(x / s)), −127, 127)          (s = 0: every code 0)
 *
 * The int8 product is exact: each output is an integer dot product of codes (int32 accumulation of int8 × int8),
 * then scaled by f32(s_token · s_weightRow). With a threshold, the input features whose magnitude reaches it in any
 * row of this batch (outlier columns, |x| ≥ threshold as bitsandbytes tests it) leave the int8 product and are
 * multiplied at full precision (here f32) by the dequantized weight columns, as bitsandbytes does: the weights are
 * int8 either way, only the outlier activations keep their precision. The two parts are added. The activation scale
 * is the absmax of the features kept in int8, which is what the decomposition X = X_outliers + X_rest means;
 * bitsandbytes instead skips only the entries at or above the threshold when taking the absmax, which differs only
 * when a sub-threshold entry of an outlier column is its row's largest.
 *
 *   out_to = f32(acc_to · f32(s_t · s_o) + Σ_{i outlier} x_ti · f32(s_o · code_oi))   (sum in f64, i ascending)
 *
 * The paper's threshold is 6.0. What this is not: a kernel (no backend runs activations in int8) — it is the
 * reference the quantization lesson's widgets compute with.
 */
import { groupParams, rint, type PackedMatrix } from './quantize';
import { intLayout, type IntScheme } from './scheme';

/** The weight scheme LLM.int8() multiplies by: int8 codes, one symmetric absmax scale per output row. */
export const INT8_ROW: IntScheme = { kind: 'int', bits: 8, group: 'row', zeroPoint: false };

/** One activation scale per token (row of the input), or one for the whole input. */
export type ActivationGranularity = 'token' | 'tensor';

/** Activations quantized to int8. */
export interface Int8Activations {
  codes: Int8Array; // (T, I), 0 in the outlier columns
  scales: Float32Array; // (T) per token, (1) per tensor
}

/** What int8MatmulDecomposed took out of the int8 product, and the activation scales it used. */
export interface Int8MatmulInfo {
  /** The input features multiplied in f32, ascending. */
  outliers: Int32Array;
  scales: Float32Array; // (T) per token, (1) per tensor
}

const f32 = Math.fround;

/** Largest number of input features whose int8 × int8 dot product cannot overflow an int32 accumulator. */
export const MAX_INT8_FEATURES = Math.floor((2 ** 31 - 1) / (127 * 127));

/** The input features (columns) whose magnitude reaches `threshold` in any row: inp (T, I). None for null. */
export function outlierColumns(
  inp: Float32Array,
  T: number,
  I: number,
  threshold: number | null,
): Int32Array {
  if (threshold === null) return new Int32Array(0);
  const columns: number[] = [];
  for (let i = 0; i < I; i++) {
    for (let t = 0; t < T; t++) {
      if (Math.abs(inp[t * I + i]!) >= threshold) {
        columns.push(i);
        break;
      }
    }
  }
  return Int32Array.from(columns);
}

/** Absmax int8 codes of inp (T, I), the outlier columns left out (code 0, not counted in any absmax). */
export function quantizeActivations(
  inp: Float32Array,
  T: number,
  I: number,
  outliers: Int32Array,
  granularity: ActivationGranularity,
): Int8Activations {
  const kept = new Uint8Array(I).fill(1);
  for (const i of outliers) kept[i] = 0;
  const absmax = new Float32Array(T);
  for (let t = 0; t < T; t++)
    for (let i = 0; i < I; i++) if (kept[i]) absmax[t] = Math.max(absmax[t]!, Math.abs(inp[t * I + i]!));
  const scales =
    granularity === 'token'
      ? absmax.map((a) => f32(a / 127))
      : Float32Array.of(f32(absmax.reduce((m, a) => Math.max(m, a), 0) / 127));
  const codes = new Int8Array(T * I);
  for (let t = 0; t < T; t++) {
    const s = scales[granularity === 'token' ? t : 0]!;
    if (s === 0) continue;
    for (let i = 0; i < I; i++)
      if (kept[i]) codes[t * I + i] = Math.min(127, Math.max(-127, rint(f32(inp[t * I + i]! / s))));
  }
  return { codes, scales };
}

/** The signed codes (O, I) and f16 row scales (O) of an int8 per-row symmetric weight. */
export function int8Weight(weight: PackedMatrix): { codes: Int8Array; scales: Float32Array } {
  const { scheme, O, I, words } = weight;
  if (scheme.bits !== 8 || scheme.group !== 'row' || scheme.zeroPoint)
    throw new Error('LLM.int8() needs int8 weights with one symmetric scale per row');
  const { rowWords } = intLayout(scheme, O, I);
  const codes = new Int8Array(O * I);
  const scales = new Float32Array(O);
  for (let o = 0; o < O; o++) {
    scales[o] = groupParams(weight, o, 0).scale;
    for (let i = 0; i < I; i++)
      codes[o * I + i] = ((words[o * rowWords + (i >>> 2)]! >>> ((i & 3) * 8)) & 0xff) - 128;
  }
  return { codes, scales };
}

/**
 * out = inp · Ŵᵀ in W8A8 with LLM.int8()'s decomposition: the outlier columns of inp in f32 against the dequantized
 * weight columns, the rest in int8. threshold null: plain absmax W8A8, nothing decomposed.
 * out: (T, O); inp: (T, I); weight: (O, I) in INT8_ROW.
 */
export function int8MatmulDecomposed(
  out: Float32Array,
  inp: Float32Array,
  weight: PackedMatrix,
  T: number,
  threshold: number | null,
  granularity: ActivationGranularity = 'token',
): Int8MatmulInfo {
  const { O, I } = weight;
  if (I > MAX_INT8_FEATURES) throw new Error(`${I} input features could overflow an int32 accumulator`);
  const w = int8Weight(weight);
  const outliers = outlierColumns(inp, T, I, threshold);
  const x = quantizeActivations(inp, T, I, outliers, granularity);
  for (let t = 0; t < T; t++) {
    const sx = x.scales[granularity === 'token' ? t : 0]!;
    for (let o = 0; o < O; o++) {
      let acc = 0; // int32
      for (let i = 0; i < I; i++) acc = (acc + x.codes[t * I + i]! * w.codes[o * I + i]!) | 0;
      let rest = 0; // the outlier columns at full precision, against f32(s_w · code) as dequantizeMatrix gives
      for (const i of outliers) rest += inp[t * I + i]! * f32(w.scales[o]! * w.codes[o * I + i]!);
      out[t * O + o] = acc * f32(sx * w.scales[o]!) + rest;
    }
  }
  return { outliers, scales: x.scales };
}
