/**
 * Rotary position embedding as Hugging Face's Llama applies it (rotate_half): dimension i of each head pairs with
 * i + H/2, rotated by angle pos · θ^(−2i/H), the angle taken in f32 as transformers does. Cosines and sines come
 * from one table per model, computed here in double precision and shared with gpu/kernels/rope.wgsl, whose
 * built-in cos and sin WGSL allows to be off by 2⁻¹¹. Su et al. 2021, RoFormer. Llama 3's scaling changes only the
 * frequencies (transformers' "llama3" rope type, from Meta's Llama 3.1 code).
 */
import type { Llama3RopeScaling } from '../model/config-rope';

export interface RopeTables {
  cos: Float32Array; // (P, H/2)
  sin: Float32Array; // (P, H/2)
}

/**
 * The frequency of each dimension pair: θ^(−2i/H), or with Llama 3's scaling, divided by its factor where the
 * wavelength 2π/f passes originalMaxPositions ÷ lowFreqFactor, kept where it is under originalMaxPositions ÷
 * highFreqFactor, and blended linearly in 1/wavelength between.
 */
export function inverseFrequencies(H: number, theta: number, scaling?: Llama3RopeScaling): Float32Array {
  const plain = Array.from({ length: H / 2 }, (_, i) => Math.fround(theta ** -((2 * i) / H)));
  if (!scaling) return Float32Array.from(plain);
  const { factor, lowFreqFactor: low, highFreqFactor: high, originalMaxPositions: context } = scaling;
  return Float32Array.from(plain, (f) => {
    const wavelength = (2 * Math.PI) / f;
    if (wavelength > context / low) return f / factor;
    if (wavelength < context / high) return f;
    const smooth = (context / wavelength - low) / (high - low);
    return (1 - smooth) * (f / factor) + smooth * f;
  });
}

/** cos and sin of pos · invFreq[i] for every position below maxPositions. */
export function ropeTables(
  maxPositions: number,
  H: number,
  theta: number,
  scaling?: Llama3RopeScaling,
): RopeTables {
  const half = H / 2;
  const invFreq = inverseFrequencies(H, theta, scaling);
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
