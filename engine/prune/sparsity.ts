/**
 * Unstructured magnitude sparsity, the contrast to slicing: weights set to zero in place, the shapes unchanged.
 * Two patterns over every block linear layer's rows (the embedding and the norms are left alone):
 *
 * - 'unstructured': in each output row, the given fraction of the weights with the smallest |w| becomes zero
 *   (magnitude pruning, Han et al. 2015, arXiv:1506.02626, applied per row as Wanda does, arXiv:2306.11695);
 * - '2:4': in every run of four consecutive weights along the input, the two smallest |w| become zero, the pattern
 *   NVIDIA's sparse tensor cores skip (Mishra et al. 2021, arXiv:2104.08378), always half of the weights.
 *
 * Dense kernels still read and multiply every zero, so the bytes and the time per step stay the same; only a
 * format that stores the pattern (2:4 keeps two values and a 2-bit index each) and hardware or kernels that skip
 * the zeros turn sparsity into speed.
 */
import type { LlamaWeights } from '../model/weights';
import { LINEAR_KEYS } from '../model/weights';
import { f32Values, type Matrix } from '../quant/encoded-matrix';

export type SparsityPattern = { kind: 'unstructured'; fraction: number } | { kind: '2:4' };

/** One row of weights with its smallest-magnitude entries zeroed as `pattern` says; ties keep the earlier index. */
export function sparsifyRow(row: Float32Array, pattern: SparsityPattern): Float32Array {
  const out = Float32Array.from(row);
  const zeroSmallest = (start: number, length: number, count: number) => {
    const order = Array.from({ length }, (_, i) => start + i).sort(
      (a, b) => Math.abs(row[a]!) - Math.abs(row[b]!) || b - a,
    );
    for (const i of order.slice(0, count)) out[i] = 0;
  };
  if (pattern.kind === '2:4') {
    if (row.length % 4 !== 0)
      throw new Error(`2:4 sparsity needs rows of a multiple of 4 weights, not ${row.length}`);
    for (let start = 0; start < row.length; start += 4) zeroSmallest(start, 4, 2);
  } else {
    const { fraction } = pattern;
    if (!(fraction >= 0 && fraction <= 1))
      throw new Error(`the sparse fraction must be in 0…1, not ${fraction}`);
    zeroSmallest(0, row.length, Math.round(fraction * row.length));
  }
  return out;
}

function sparsifyMatrix(m: Matrix, inputs: number, pattern: SparsityPattern): Float32Array {
  const values = f32Values(m);
  const out = new Float32Array(values.length);
  for (let start = 0; start < values.length; start += inputs)
    out.set(sparsifyRow(values.subarray(start, start + inputs), pattern), start);
  return out;
}

/** `weights` with every block linear layer sparsified; the result has the same shapes and so the same bytes. */
export function sparsify(weights: LlamaWeights, pattern: SparsityPattern): LlamaWeights {
  const D = weights.finalNorm.length;
  return {
    ...weights,
    layers: weights.layers.map((w) => {
      const F = f32Values(w.wDown).length / D;
      const inputs = { wq: D, wk: D, wv: D, wo: f32Values(w.wo).length / D, wGate: D, wUp: D, wDown: F };
      const out = { ...w };
      for (const key of LINEAR_KEYS) {
        const m = w[key];
        if (m) out[key] = sparsifyMatrix(m, inputs[key], pattern);
      }
      return out;
    }),
  };
}

/** The share of the block linear layers' weights that are exactly zero. */
export function zeroShare(weights: LlamaWeights): number {
  let [zeros, total] = [0, 0];
  for (const w of weights.layers)
    for (const key of LINEAR_KEYS) {
      const m = w[key];
      if (!m) continue;
      const values = f32Values(m);
      total += values.length;
      for (const v of values) if (v === 0) zeros++;
    }
  return zeros / total;
}
