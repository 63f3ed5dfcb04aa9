/**
 * Store each row's keys and values in its cache slot, and copy blocks for copy-on-write. CPU reference for
 * gpu/kernels/kv-write.wgsl. kCache, vCache: (slots, K·H); k, v: (T, K·H); slots: (T).
 */
import type { BlockCopy } from '../kv/paged-kv-cache';

export function kvWrite(
  kCache: Float32Array,
  vCache: Float32Array,
  k: Float32Array,
  v: Float32Array,
  slots: Int32Array,
  T: number,
  KH: number,
): void {
  for (let t = 0; t < T; t++) {
    const at = slots[t]! * KH;
    kCache.set(k.subarray(t * KH, (t + 1) * KH), at);
    vCache.set(v.subarray(t * KH, (t + 1) * KH), at);
  }
}

/** Copy the first `tokens` slots of block `src` to block `dst`, in one layer's cache. */
export function kvCopyBlocks(
  cache: Float32Array,
  copies: readonly BlockCopy[],
  blockSize: number,
  KH: number,
): void {
  for (const { src, dst, tokens } of copies) {
    cache.copyWithin(dst * blockSize * KH, src * blockSize * KH, (src * blockSize + tokens) * KH);
  }
}
