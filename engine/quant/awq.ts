/**
 * Activation-aware weight quantization's scaling (Lin et al. 2023, AWQ, arXiv:2306.00978). The weights that meet
 * large activations matter most; scaling input channel i of a linear layer up by s_i before round-to-nearest, and
 * its input down by s_i, shrinks those weights' relative rounding error. The input's division is folded into
 * whatever produces it, so the unquantized model computes the same function and nothing is added at run time:
 *
 *   attnInput  (q, k, v):  attnNorm ÷ s,  wq, wk, wv columns × s
 *   mlpInput   (gate, up): mlpNorm ÷ s,   wGate, wUp columns × s
 *   downInput  (down):     wUp rows ÷ s (SwiGLU's output is linear in up), wDown columns × s
 *
 * The o projection stays plain round-to-nearest. Its input is attention's softmax-weighted sum of values, so its
 * scales could be folded only into wv's rows; with grouped-query attention each of the K value heads feeds the o
 * input of N/K query heads, so one scale per value channel would have to serve N/K input channels of o at once.
 * The reference implementation folds them only when wv and wo have the same shape (multi-head attention); here
 * one rule serves every model.
 *
 * Scales, for a group of linear layers sharing an input with mean |x| per channel m (over calibration tokens),
 * each step rounded to f32 so that a numpy mirror gets the same bits:
 *
 *   p_i = max(f32(m_i ^ α), f32(1e-4))        α = k/20, k = 0 … 20; the power taken in f64, then rounded
 *   s_i = f32(p_i / f32(√f32(max p · min p)))  normalised by the geometric mean of the extremes, as the reference
 *
 * numpy: p = np.maximum(np.power(m.astype(np.float64), k / 20).astype(np.float32), np.float32(1e-4));
 * s = p / np.sqrt(p.max() * p.min()) in float32. (The f64 power is the one step left to the libraries: JavaScript's
 * and C's pow may differ in a double's last bit, which changes the f32 only when it lies on a rounding boundary.)
 *
 * The search: for each α of the grid, every layer W (O, I) of the group is quantized as Q(f32(W_oi · s_i)) with
 * quantize.ts, divided back (f32(Ŵ_oi / s_i)), and the loss is the summed squared output error over calibration
 * rows X (T, I), Σ_t Σ_o (Σ_i (f32(Ŵ_oi / s_i) − W_oi) · X_ti)², accumulated in f64 layer by layer in the order
 * t, o, i. The smallest loss wins; a tie goes to the smaller α. α = 0 is plain round-to-nearest (every s_i is 1),
 * so the search never does worse than it on the calibration rows. The reference searches α < 1 and measures the
 * whole block's output; this grid includes 1 and measures each linear layer's own output.
 *
 * Each site is searched on the unscaled weights, as if the others were not scaled. For wUp, scaled by both
 * mlpInput (columns) and downInput (rows), that holds up to rounding: a row multiplied by one number keeps its
 * codes (but for the f16 rounding of its scales), every group's range moving with it.
 *
 * Folding, in f32: gain_i ← f32(gain_i / s_i), W_oi ← f32(W_oi · s_i); wUp takes its column scales (mlpInput)
 * first, then its row scales (downInput). The result is still f32; encode-weights.ts quantizes it afterwards.
 */
import type { LlamaConfig } from '../model/config';
import type { LayerWeights, LinearKey, LlamaWeights } from '../model/weights';
import { INPUT_SITES, perSite, type Calibration, type InputSite, type LayerInputs } from './activation-stats';
import { f32Values } from './encoded-matrix';
import { quantizeDequantize } from './quantize';
import type { IntScheme } from './scheme';

/** The α grid: 0, 0.05, …, 1. */
export const AWQ_ALPHAS: readonly number[] = Array.from({ length: 21 }, (_, k) => k / 20);

/** The linear layers reading each site; wk and wv are absent in a layer sharing an earlier one's cache. */
export const AWQ_LAYERS: Record<InputSite, readonly LinearKey[]> = {
  attnInput: ['wq', 'wk', 'wv'],
  mlpInput: ['wGate', 'wUp'],
  downInput: ['wDown'],
};

/** What one site's search found. */
export interface AwqSearch {
  alpha: number;
  scales: Float32Array; // (I)
  /** The loss at each α of AWQ_ALPHAS. */
  losses: Float64Array;
}

/** One layer's per-channel scales at its three sites: (D), (D), (F). */
export type AwqScales = LayerInputs;

const f32 = Math.fround;
const FLOOR = f32(1e-4);

/** The scales for mean |x| per channel `meanAbs` (I) and exponent α, to the bit as the header defines them. */
export function awqScalesFor(meanAbs: Float32Array, alpha: number): Float32Array {
  const p = meanAbs.map((m) => Math.max(f32(Math.pow(m, alpha)), FLOOR));
  let [lo, hi] = [Infinity, 0];
  for (const v of p) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const root = f32(Math.sqrt(f32(hi * lo)));
  return p.map((v) => f32(v / root));
}

/**
 * Σ over `linears` (each (O, I)) of the squared output error of Q(W·diag(s))·diag(1/s) against W on rows (T, I).
 */
export function awqLoss(
  linears: readonly Float32Array[],
  scales: Float32Array,
  rows: Float32Array,
  T: number,
  scheme: IntScheme,
): number {
  const I = scales.length;
  let loss = 0;
  for (const w of linears) {
    const O = w.length / I;
    const scaled = new Float32Array(w.length); // each product rounded to f32
    for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) scaled[o * I + i] = w[o * I + i]! * scales[i]!;
    const q = quantizeDequantize(scaled, O, I, scheme);
    const delta = new Float64Array(w.length);
    for (let o = 0; o < O; o++)
      for (let i = 0; i < I; i++) delta[o * I + i] = f32(q[o * I + i]! / scales[i]!) - w[o * I + i]!;
    for (let t = 0; t < T; t++) {
      for (let o = 0; o < O; o++) {
        let e = 0;
        for (let i = 0; i < I; i++) e += delta[o * I + i]! * rows[t * I + i]!;
        loss += e * e;
      }
    }
  }
  return loss;
}

/** Search the α grid for the scales of `linears` (each (O, I)) reading an input with `meanAbs` (I), `rows` (T, I). */
export function awqScales(
  linears: readonly Float32Array[],
  meanAbs: Float32Array,
  rows: Float32Array,
  T: number,
  scheme: IntScheme,
): AwqSearch {
  const losses = Float64Array.from(AWQ_ALPHAS, (alpha) =>
    awqLoss(linears, awqScalesFor(meanAbs, alpha), rows, T, scheme),
  );
  let best = 0;
  losses.forEach((loss, k) => {
    if (loss < losses[best]!) best = k;
  });
  const alpha = AWQ_ALPHAS[best]!;
  return { alpha, scales: awqScalesFor(meanAbs, alpha), losses };
}

/** Each layer's search at its three sites. */
export function awqSearch(
  c: LlamaConfig,
  weights: LlamaWeights,
  calibration: Calibration,
  scheme: IntScheme,
): Record<InputSite, AwqSearch>[] {
  const width: Record<InputSite, number> = {
    attnInput: c.hiddenSize,
    mlpInput: c.hiddenSize,
    downInput: c.intermediateSize,
  };
  return perSite(weights.layers.length, (site, l) => {
    const meanAbs = calibration.stats[l]![site];
    const rows = calibration.rows[l]![site];
    if (meanAbs.length !== width[site] || rows.length !== calibration.T * width[site])
      throw new Error(`layer ${l}'s ${site} statistics do not match the model's width ${width[site]}`);
    const w = weights.layers[l]!;
    const linears = AWQ_LAYERS[site].flatMap((key) => (w[key] ? [f32Values(w[key])] : []));
    return awqScales(linears, meanAbs, rows, calibration.T, scheme);
  });
}

/** `weights` with `scales` folded in (header); the function is unchanged up to f32 rounding. */
export function foldAwqScales(weights: LlamaWeights, scales: readonly AwqScales[]): LlamaWeights {
  const columns = (m: Float32Array, s: Float32Array) => m.map((v, k) => v * s[k % s.length]!);
  const layers = weights.layers.map((w, l) => {
    const s = scales[l];
    if (!s) throw new Error(`no AWQ scales for layer ${l}`);
    const folded: LayerWeights = {
      ...w,
      attnNorm: w.attnNorm.map((g, i) => g / s.attnInput[i]!),
      mlpNorm: w.mlpNorm.map((g, i) => g / s.mlpInput[i]!),
    };
    for (const site of INPUT_SITES)
      for (const key of AWQ_LAYERS[site]) {
        const m = folded[key];
        if (m) folded[key] = columns(f32Values(m), s[site]);
      }
    const D = s.mlpInput.length;
    folded.wUp = f32Values(folded.wUp).map((v, k) => v / s.downInput[Math.floor(k / D)]!);
    return folded;
  });
  return { ...weights, layers };
}

/** `weights` (f32) with AWQ's scales for `scheme`, searched on `calibration`, folded in; still f32. */
export function applyAwq(
  c: LlamaConfig,
  weights: LlamaWeights,
  calibration: Calibration,
  scheme: IntScheme,
): LlamaWeights {
  const searches = awqSearch(c, weights, calibration, scheme);
  return foldAwqScales(
    weights,
    perSite(searches.length, (site, l) => searches[l]![site].scales),
  );
}
