/**
 * RMSNorm over the last axis. CPU reference for gpu/kernels/rmsnorm.wgsl.
 * out, inp: (T, D) row-major; weight: (D). Zhang & Sennrich 2019.
 */
export function rmsnorm(
  out: Float32Array,
  inp: Float32Array,
  weight: Float32Array,
  T: number,
  D: number,
  eps: number,
): void {
  for (let t = 0; t < T; t++) {
    let ss = 0;
    for (let i = 0; i < D; i++) ss += inp[t * D + i]! ** 2;
    const scale = 1 / Math.sqrt(ss / D + eps);
    for (let i = 0; i < D; i++) out[t * D + i] = inp[t * D + i]! * scale * weight[i]!;
  }
}
