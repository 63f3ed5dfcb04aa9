/**
 * Planting an outlier feature without changing what the model computes. RMSNorm's gain g multiplies channel j of
 * the normed hidden state just before the linear layers that read it, so g_j · c with column j of those layers
 * divided by c leaves every product x_j · g_j · W_oj the same (exactly, for c a power of two; up to f32 rounding
 * otherwise) while that channel of their input grows c times: the systematic outlier features LLM.int8() found in
 * large models (Dettmers et al. 2022, arXiv:2208.07339), made on purpose in a small one so that the lesson can
 * show what they do to absmax quantization. The attention norm feeds q, k and v; the MLP norm feeds gate and up.
 */
import { f32Values } from './encoded-matrix';
import type { LayerWeights, LinearKey, LlamaWeights } from '../model/weights';

/** Which norm's gain grows, and so which linear layers' input. */
export type OutlierSite = 'attention' | 'mlp';

export interface Outlier {
  layer: number;
  /** Hidden-state channel j (< D). */
  channel: number;
  /** c: the channel grows c times at the projections' input, their column j shrinks c times. */
  factor: number;
  /** 'attention': attnNorm with wq, wk, wv; 'mlp': mlpNorm with wGate, wUp. */
  site: OutlierSite;
}

/** The linear layers each norm feeds (wk and wv are absent in a layer that shares an earlier one's cache). */
const SITE_LAYERS = {
  attention: ['wq', 'wk', 'wv'],
  mlp: ['wGate', 'wUp'],
} as const satisfies Record<OutlierSite, readonly LinearKey[]>;

const f32 = Math.fround;

/** `weights` with `outlier` planted; the input is not changed and the tensors the transform leaves alone are shared. */
export function plantOutlier(weights: LlamaWeights, { layer, channel, factor, site }: Outlier): LlamaWeights {
  const w = weights.layers[layer];
  if (!w) throw new Error(`the model has no layer ${layer}`);
  const D = w.attnNorm.length;
  if (!Number.isInteger(channel) || channel < 0 || channel >= D)
    throw new Error(`channel ${channel} is outside the model's ${D}`);
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new Error(`the factor must be positive, not ${factor}`);
  const planted: LayerWeights = { ...w };
  const norm = site === 'attention' ? 'attnNorm' : 'mlpNorm';
  planted[norm] = w[norm].map((g, i) => (i === channel ? f32(g * factor) : g));
  for (const key of SITE_LAYERS[site]) {
    const m = w[key];
    if (m) planted[key] = f32Values(m).map((v, k) => (k % D === channel ? f32(v / factor) : v));
  }
  const layers = weights.layers.map((l, i) => (i === layer ? planted : l));
  return { ...weights, layers };
}
