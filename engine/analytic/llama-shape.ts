/**
 * Sizes of a Llama-style decoder (RMSNorm, RoPE, SwiGLU MLP, grouped-query attention) from its shape alone.
 * Names follow the project's dimension letters: V vocab, D model dim, F MLP dim, L layers, N query heads,
 * K key/value heads, H head dim. Mirrors the parameter layout of Hugging Face's LlamaForCausalLM.
 */
import { bytesPer, type DType } from './dtype';

export interface LlamaShape {
  V: number;
  D: number;
  F: number;
  L: number;
  N: number;
  K: number;
  H: number;
  /** Whether the output head reuses the embedding matrix. */
  tiedEmbeddings: boolean;
}

/** Weights of one decoder layer that multiply activations: Wq, Wk, Wv, Wo and the three SwiGLU matrices. */
export function layerMatmulParams({ D, F, N, K, H }: LlamaShape): number {
  return D * N * H + 2 * D * K * H + N * H * D + 3 * D * F;
}

/** Every weight: embeddings, L layers (matrices plus two RMSNorm gains), the final norm, and an untied head. */
export function paramCount(shape: LlamaShape): number {
  const { V, D, L, tiedEmbeddings } = shape;
  const embedding = V * D;
  const head = tiedEmbeddings ? 0 : V * D;
  return embedding + L * (layerMatmulParams(shape) + 2 * D) + D + head;
}

/** Weights that a forward pass multiplies: all layer matrices and the output head (V·D). */
export function matmulParams(shape: LlamaShape): number {
  return shape.L * layerMatmulParams(shape) + shape.V * shape.D;
}

/** Bytes the KV cache holds per token: a key and a value vector per KV head per layer, 2·L·K·H elements. */
export function kvBytesPerToken({ L, K, H }: Pick<LlamaShape, 'L' | 'K' | 'H'>, dtype: DType): number {
  return 2 * L * K * H * bytesPer(dtype);
}
