/** Gather rows: out row r = inp row rows[r]. CPU reference for gpu/kernels/gather-rows.wgsl. out: (R, D); inp: (T, D). */
export function gatherRows(
  out: Float32Array,
  inp: Float32Array,
  rows: Int32Array,
  R: number,
  D: number,
): void {
  for (let r = 0; r < R; r++) out.set(inp.subarray(rows[r]! * D, (rows[r]! + 1) * D), r * D);
}
