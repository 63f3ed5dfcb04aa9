/**
 * A model's weights with its linear layers stored in a scheme (stored-tensors.ts's rule): what a session built
 * with a weight scheme runs. Round-to-nearest per matrix; AWQ's scaling, when asked for, is applied before.
 */
import type { LlamaConfig } from '../model/config';
import { LINEAR_KEYS, type LayerWeights, type LlamaWeights } from '../model/weights';
import { encodeMatrix, f32Values, type Matrix } from './encoded-matrix';
import { headScheme } from './stored-tensors';
import type { WeightScheme } from './scheme';

/** `weights` (all f32) with each linear layer encoded in `scheme`; `onProgress` gets the fraction of layers done. */
export function encodeWeights(
  c: LlamaConfig,
  weights: LlamaWeights,
  scheme: WeightScheme,
  onProgress?: (fraction: number) => void,
): LlamaWeights {
  if (scheme.kind === 'f32') return weights;
  const { hiddenSize: D, intermediateSize: F, numHeads: N, numKvHeads: K, headDim: H, vocabSize: V } = c;
  const shapes: Record<(typeof LINEAR_KEYS)[number], [number, number]> = {
    wq: [N * H, D],
    wk: [K * H, D],
    wv: [K * H, D],
    wo: [D, N * H],
    wGate: [F, D],
    wUp: [F, D],
    wDown: [D, F],
  };
  const layers = weights.layers.map((layer, l) => {
    const encoded: LayerWeights = { ...layer };
    for (const key of LINEAR_KEYS) {
      const matrix = layer[key];
      if (matrix) encoded[key] = encode(matrix, ...shapes[key], scheme);
    }
    onProgress?.((l + 1) / weights.layers.length);
    return encoded;
  });
  return { ...weights, layers, lmHead: encode(weights.lmHead, V, D, headScheme(scheme)) };
}

function encode(matrix: Matrix, O: number, I: number, scheme: WeightScheme): Matrix {
  return encodeMatrix(f32Values(matrix), O, I, scheme);
}
