/**
 * Causal grouped-query attention over the paged KV cache. Row t (a new token at position p) attends to positions
 * max(0, p − window + 1)..p of its own sequence (0..p without a sliding window), reading keys and values through
 * its page table; query head n reads KV head n ÷ (N/K). CPU reference for gpu/kernels/attention.wgsl.
 * out, q: (T, N·H); kCache, vCache: (slots, K·H); positions, tableStart: (T); pageTables: flat block numbers.
 */
export function attention(
  out: Float32Array,
  q: Float32Array,
  kCache: Float32Array,
  vCache: Float32Array,
  positions: Int32Array,
  tableStart: Int32Array,
  pageTables: Int32Array,
  T: number,
  N: number,
  K: number,
  H: number,
  blockSize: number,
  window = Infinity,
): void {
  const group = N / K;
  const scale = 1 / Math.sqrt(H);
  for (let t = 0; t < T; t++) {
    const length = positions[t]! + 1;
    const first = Math.max(0, length - window);
    const scores = new Float32Array(length);
    for (let n = 0; n < N; n++) {
      const kvHead = Math.floor(n / group);
      const qBase = (t * N + n) * H;
      let max = -Infinity;
      for (let j = first; j < length; j++) {
        const slot = pageTables[tableStart[t]! + Math.floor(j / blockSize)]! * blockSize + (j % blockSize);
        const kBase = (slot * K + kvHead) * H;
        let dot = 0;
        for (let i = 0; i < H; i++) dot += q[qBase + i]! * kCache[kBase + i]!;
        scores[j] = dot * scale;
        max = Math.max(max, scores[j]!);
      }
      let sum = 0;
      for (let j = first; j < length; j++) {
        scores[j] = Math.exp(scores[j]! - max);
        sum += scores[j]!;
      }
      out.fill(0, qBase, qBase + H);
      for (let j = first; j < length; j++) {
        const slot = pageTables[tableStart[t]! + Math.floor(j / blockSize)]! * blockSize + (j % blockSize);
        const vBase = (slot * K + kvHead) * H;
        const w = scores[j]! / sum;
        for (let i = 0; i < H; i++) out[qBase + i] = out[qBase + i]! + w * vCache[vBase + i]!;
      }
    }
  }
}
