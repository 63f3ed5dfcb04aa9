/**
 * Planting an outlier feature without changing what the model computes. RMSNorm's gain g multiplies channel j of
 * the normed hidden state just before the linear layers that read it, so g_j · c with column j of those layers
 * divided by c leaves every product x_j · g_j · W_oj the same (exactly, for c a power of two; up to f32 rounding
 * otherwise) while that channel of their input grows c times: the systematic outlier features LLM.int8() found in
 * large models (Dettmers et al. 2022, arXiv:2208.07339), made on purpose in a small one so that the lesson can
 * show what they do to absmax quantization. The attention norm feeds q, k and v; the MLP norm feeds gate and up.
 * The down projection's input, silu(gate) ⊙ up, is linear in up: row j of the up projection times c with column j of
 * the down projection divided by c grows that channel alike.
 */
import { f32Values, type Matrix } from './encoded-matrix';
import type { LayerWeights, LinearKey, LlamaWeights } from '../model/weights';

/** Which linear layers' input grows: the attention projections', the gate and up projections', or the down's. */
export type OutlierSite = 'attention' | 'mlp' | 'down';

export interface Outlier {
  layer: number;
  /** Channel j of the input: a hidden-state channel (< D), or for 'down' an MLP one (< F). */
  channel: number;
  /** c: the channel grows c times at the projections' input, their column j shrinks c times. */
  factor: number;
  /** 'attention': attnNorm with wq, wk, wv; 'mlp': mlpNorm with wGate, wUp; 'down': wUp's row with wDown. */
  site: OutlierSite;
}

/** The linear layers each norm feeds (wk and wv are absent in a layer that shares an earlier one's cache). */
const NORM_LAYERS = {
  attention: ['wq', 'wk', 'wv'],
  mlp: ['wGate', 'wUp'],
} as const satisfies Record<Exclude<OutlierSite, 'down'>, readonly LinearKey[]>;

const f32 = Math.fround;

/** `weights` with `outlier` planted; the input is not changed and the tensors the transform leaves alone are shared. */
export function plantOutlier(weights: LlamaWeights, { layer, channel, factor, site }: Outlier): LlamaWeights {
  const w = weights.layers[layer];
  if (!w) throw new Error(`the model has no layer ${layer}`);
  const D = w.attnNorm.length;
  const width = site === 'down' ? f32Values(w.wUp).length / D : D;
  if (!Number.isInteger(channel) || channel < 0 || channel >= width)
    throw new Error(`channel ${channel} is outside the model's ${width}`);
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new Error(`the factor must be positive, not ${factor}`);
  const planted: LayerWeights = { ...w };
  // Column j of a matrix (O, I) holds the entries k with k % I === j; row j of one (O, D) those with ⌊k / D⌋ === j.
  const divideColumn = (m: Matrix, I: number) =>
    f32Values(m).map((v, k) => (k % I === channel ? f32(v / factor) : v));
  if (site === 'down') {
    planted.wUp = f32Values(w.wUp).map((v, k) => (Math.floor(k / D) === channel ? f32(v * factor) : v));
    planted.wDown = divideColumn(w.wDown, width);
  } else {
    const norm = site === 'attention' ? 'attnNorm' : 'mlpNorm';
    planted[norm] = w[norm].map((g, i) => (i === channel ? f32(g * factor) : g));
    for (const key of NORM_LAYERS[site]) {
      const m = w[key];
      if (m) planted[key] = divideColumn(m, D);
    }
  }
  const layers = weights.layers.map((l, i) => (i === layer ? planted : l));
  return { ...weights, layers };
}
