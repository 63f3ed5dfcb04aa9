/**
 * Rotary position embedding as Hugging Face's Llama applies it (rotate_half): dimension i of each head pairs with
 * i + H/2, rotated by angle pos · θ^(−2i/H), the angle taken in f32 as transformers does. Cosines and sines come
 * from one table per model, computed here in double precision and shared with gpu/kernels/rope.wgsl, whose
 * built-in cos and sin WGSL allows to be off by 2⁻¹¹. Su et al. 2021, RoFormer.
 */

export interface RopeTables {
  cos: Float32Array; // (P, H/2)
  sin: Float32Array; // (P, H/2)
}

/** cos and sin of pos · invFreq[i] for every position below maxPositions. */
export function ropeTables(maxPositions: number, H: number, theta: number): RopeTables {
  const half = H / 2;
  const invFreq = Float32Array.from({ length: half }, (_, i) => theta ** -((2 * i) / H));
  const cos = new Float32Array(maxPositions * half);
  const sin = new Float32Array(maxPositions * half);
  for (let p = 0; p < maxPositions; p++) {
    for (let i = 0; i < half; i++) {
      const angle = Math.fround(p * invFreq[i]!);
      cos[p * half + i] = Math.cos(angle);
      sin[p * half + i] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

/** out, inp: (T, heads·H); positions: (T). */
export function rope(
  out: Float32Array,
  inp: Float32Array,
  positions: Int32Array,
  { cos, sin }: RopeTables,
  T: number,
  heads: number,
  H: number,
): void {
  const half = H / 2;
  for (let t = 0; t < T; t++) {
    const row = positions[t]! * half;
    for (let h = 0; h < heads; h++) {
      const base = (t * heads + h) * H;
      for (let i = 0; i < half; i++) {
        const c = cos[row + i]!;
        const s = sin[row + i]!;
        const x1 = inp[base + i]!;
        const x2 = inp[base + i + half]!;
        out[base + i] = x1 * c - x2 * s;
        out[base + i + half] = x2 * c + x1 * s;
      }
    }
  }
}
