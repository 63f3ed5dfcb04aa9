/**
 * Token embedding lookup: row tokens[t] of the table. CPU reference for gpu/kernels/embedding.wgsl.
 * out: (T, D); table: (V, D); tokens: (T).
 */
export function embedding(
  out: Float32Array,
  table: Float32Array,
  tokens: Int32Array,
  T: number,
  D: number,
  V: number,
): void {
  for (let t = 0; t < T; t++) {
    const id = tokens[t]!;
    if (id < 0 || id >= V) throw new Error(`token id ${id} is outside the vocabulary of ${V}`);
    out.set(table.subarray(id * D, (id + 1) * D), t * D);
  }
}
