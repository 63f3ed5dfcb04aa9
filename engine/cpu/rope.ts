/**
 * Rotary position embedding as Hugging Face's Llama applies it (rotate_half): dimension i of each head pairs with
 * i + H/2, rotated by angle pos · θ^(−2i/H). CPU reference for gpu/kernels/rope.wgsl. Su et al. 2021, RoFormer.
 * out, inp: (T, heads·H); positions: (T).
 */
export function rope(out: Float32Array, inp: Float32Array, positions: Int32Array, T: number, heads: number, H: number, theta: number): void {
  const half = H / 2;
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < heads; h++) {
      const base = (t * heads + h) * H;
      for (let i = 0; i < half; i++) {
        const angle = positions[t]! * Math.fround(theta ** -((2 * i) / H));
        const cos = Math.cos(angle);
        const sin = Math.sin(angle);
        const x1 = inp[base + i]!;
        const x2 = inp[base + i + half]!;
        out[base + i] = x1 * cos - x2 * sin;
        out[base + i + half] = x2 * cos + x1 * sin;
      }
    }
  }
}
