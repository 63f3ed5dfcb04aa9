/**
 * Cost of the attention core (scores Q·Kᵀ, then weights·V) for one layer, with grouped-query heads.
 * T new tokens attend over a context of S tokens (S includes the new ones). Prefill is T = S; decode is T = 1.
 * Not counted: softmax, scaling and masking (a few FLOPs per score, and scores stay on chip in a fused kernel).
 */
import { bytesPer, type DType } from './dtype';
import { opCost, type OpCost } from './op-cost';

export interface AttentionShape {
  /** Sequences in the batch. */
  B: number;
  /** New tokens per sequence (queries). */
  T: number;
  /** Context length per sequence, new tokens included (keys and values). */
  S: number;
  /** Query heads. */
  N: number;
  /** Key/value heads (N for multi-head, 1 for multi-query, in between for grouped-query). */
  K: number;
  /** Head dimension. */
  H: number;
}

/**
 * Query–key pairs each head scores per sequence. Without `causal`, every query meets every key (T·S), the
 * count the lecture uses; with `causal`, new token t (0-based) sees only the S − T + t + 1 keys up to itself.
 */
export function scoredPairs(T: number, S: number, causal: boolean): number {
  return causal ? T * S - (T * (T - 1)) / 2 : T * S;
}

/** FLOPs 4·B·N·H·pairs; bytes read Q (B·T·N·H), read K and V (2·B·S·K·H), write the output (B·T·N·H). */
export function attentionCost({ B, T, S, N, K, H }: AttentionShape, dtype: DType, causal = false): OpCost {
  const flops = 4 * B * N * H * scoredPairs(T, S, causal);
  const bytes = bytesPer(dtype) * (2 * B * T * N * H + 2 * B * S * K * H);
  return opCost(flops, bytes);
}
