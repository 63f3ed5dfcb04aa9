/**
 * KV bytes per token for the attention variants that shrink the cache, from the numbers each layer caches:
 * key/value heads (multi-head, grouped-query, multi-query), a compressed latent (multi-head latent attention),
 * layers that share one cache (cross-layer attention), and layers that keep only a window of recent tokens.
 * llama-shape.ts's kvBytesPerToken is the special case of heads, no sharing and no window.
 */
import { bytesPer, type DType } from './dtype';
import type { LlamaShape } from './llama-shape';

/** What one cached layer stores for each token. */
export type LayerCache =
  /** A key and a value vector of H numbers for each of K heads: MHA (K = N), GQA (1 < K < N), MQA (K = 1). */
  | { kind: 'heads'; K: number; H: number }
  /**
   * Multi-head latent attention (DeepSeek-AI 2024, DeepSeek-V2 section 2.1): one latent of C numbers from which
   * every head's keys and values are rebuilt, plus R dimensions of a RoPE key shared by all heads.
   */
  | { kind: 'latent'; C: number; R: number };

/** How a model's layers hold their KV cache. */
export interface KvLayout {
  /** Decoder layers. */
  L: number;
  cache: LayerCache;
  /** Adjacent layers that read one cache (Brandon et al. 2024); 1 when every layer keeps its own. */
  shareGroup: number;
  /** Local attention: the caches of `localLayers` of the cached layers keep only the last W tokens. */
  window?: { W: number; localLayers: number };
}

/** Numbers one cached layer stores per token: 2·K·H for heads, C + R for a latent. */
export function layerCacheElements(cache: LayerCache): number {
  return cache.kind === 'heads' ? 2 * cache.K * cache.H : cache.C + cache.R;
}

/** Layers that keep a cache of their own: ⌈L / share group⌉ (the last group may be shorter). */
export function cachedLayers({ L, shareGroup }: Pick<KvLayout, 'L' | 'shareGroup'>): number {
  return Math.ceil(L / shareGroup);
}

/** The layout of a plain Llama-style model: K heads in every layer, no sharing, no window. */
export function headsLayout({ L, K, H }: Pick<LlamaShape, 'L' | 'K' | 'H'>): KvLayout {
  return { L, cache: { kind: 'heads', K, H }, shareGroup: 1 };
}

/** Cached layers that attend globally and locally. */
export function layerSplit(layout: KvLayout): { global: number; local: number } {
  const layers = cachedLayers(layout);
  const local = Math.min(layers, layout.window?.localLayers ?? 0);
  return { global: layers - local, local };
}

/** Bytes one sequence's cache holds at context S: global layers keep all S tokens, local ones at most W. */
export function layoutSequenceBytes(layout: KvLayout, S: number, dtype: DType): number {
  const { global, local } = layerSplit(layout);
  const windowed = Math.min(S, layout.window?.W ?? S);
  return layerCacheElements(layout.cache) * (global * S + local * windowed) * bytesPer(dtype);
}

/** KV bytes per token of context, averaged over a sequence of S tokens (a window makes it fall as S grows). */
export function layoutBytesPerToken(layout: KvLayout, S: number, dtype: DType): number {
  return layoutSequenceBytes(layout, S, dtype) / S;
}
