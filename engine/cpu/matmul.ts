/**
 * A linear layer without bias, as PyTorch applies it: out = inp · weightᵀ. CPU reference for
 * gpu/kernels/matmul-tiled.wgsl (prefill) and gpu/kernels/matvec.wgsl (decode).
 * out: (T, O); inp: (T, I); weight: (O, I), row-major.
 */
export function matmul(
  out: Float32Array,
  inp: Float32Array,
  weight: Float32Array,
  T: number,
  I: number,
  O: number,
): void {
  for (let t = 0; t < T; t++) {
    for (let o = 0; o < O; o++) {
      let sum = 0;
      for (let i = 0; i < I; i++) sum += inp[t * I + i]! * weight[o * I + i]!;
      out[t * O + o] = sum;
    }
  }
}
