/**
 * Linear layers whose weights are stored packed: out = inp · dequant(weight)ᵀ, or out += … (a residual add folded
 * in). Each weight row is dequantized once, a group at a time with its scale and zero-point read once, into a
 * scratch row that every input row then reads; the f32 matrix is never built. CPU reference for
 * gpu/kernels/matvec-packed-core.wgsl and matmul-packed.wgsl (linear-packed.ts); on the same weights it sums in
 * matmul.ts's order, so it equals matmul on quant/quantize.ts's dequantizeMatrix (or on f16-rounded weights).
 * out: (T, O); inp: (T, I); weight: (O, I) as quant/scheme.ts's intLayout, or as quant/halves.ts's packHalves.
 */
import { halfTable } from '../quant/halves';
import type { PackedMatrix } from '../quant/quantize';
import { groupSize, intLayout } from '../quant/scheme';

/** out (T, O) = inp (T, I) · dequant(weight)ᵀ for integer codes with f16 scales (and zero-points). */
export function matmulPacked(
  out: Float32Array,
  inp: Float32Array,
  weight: PackedMatrix,
  T: number,
  accumulate = false,
): void {
  const { scheme, O, I, words } = weight;
  const { bits } = scheme;
  const layout = intLayout(scheme, O, I);
  const g = groupSize(scheme, I);
  const mask = 2 ** bits - 1;
  const half = halfTable();
  const row = new Float32Array(I); // (I) weight row o, dequantized
  for (let o = 0; o < O; o++) {
    const base = o * layout.rowWords;
    for (let group = 0; group < layout.groups; group++) {
      const at = o * layout.groups + group;
      const scale = half[halfAt(words, layout.scaleWord, at)]!;
      const zero = scheme.zeroPoint ? half[halfAt(words, layout.zeroWord, at)]! : 2 ** (bits - 1);
      for (let i = group * g; i < (group + 1) * g; i++) {
        const bit = i * bits;
        const word = base + (bit >>> 5);
        const shift = bit & 31;
        let code = words[word]! >>> shift;
        if (shift + bits > 32) code |= words[word + 1]! << (32 - shift); // an int3 code across two words
        row[i] = Math.fround(scale * ((code & mask) - zero));
      }
    }
    applyRow(out, inp, row, o, T, I, O, accumulate);
  }
}

/** out (T, O) = inp (T, I) · weightᵀ for a weight (O, I) of f16 halves packed two to a word (quant/halves.ts). */
export function matmulHalf(
  out: Float32Array,
  inp: Float32Array,
  words: Uint32Array,
  T: number,
  I: number,
  O: number,
  accumulate = false,
): void {
  if (words.length * 2 !== O * I) throw new Error(`${words.length} words do not hold a (${O}, ${I}) matrix`);
  const half = halfTable();
  const row = new Float32Array(I); // (I) weight row o
  for (let o = 0; o < O; o++) {
    const base = (o * I) / 2;
    for (let i = 0; i < I; i += 2) {
      const word = words[base + i / 2]!;
      row[i] = half[word & 0xffff]!;
      row[i + 1] = half[word >>> 16]!;
    }
    applyRow(out, inp, row, o, T, I, O, accumulate);
  }
}

/**
 * Column o of out (T, O) from inp (T, I) and one weight row (I), summed in matmul.ts's order: four tokens at a time,
 * so each weight element loaded serves four sums, each still adding its products in order.
 */
function applyRow(
  out: Float32Array,
  inp: Float32Array,
  row: Float32Array,
  o: number,
  T: number,
  I: number,
  O: number,
  accumulate: boolean,
): void {
  const put = (t: number, sum: number) => {
    const at = t * O + o;
    out[at] = accumulate ? out[at]! + sum : sum;
  };
  let t = 0;
  for (; t + 4 <= T; t += 4) {
    const a = t * I;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < I; i++) {
      const w = row[i]!;
      s0 += inp[a + i]! * w;
      s1 += inp[a + I + i]! * w;
      s2 += inp[a + 2 * I + i]! * w;
      s3 += inp[a + 3 * I + i]! * w;
    }
    put(t, s0);
    put(t + 1, s1);
    put(t + 2, s2);
    put(t + 3, s3);
  }
  for (; t < T; t++) {
    let sum = 0;
    for (let i = 0; i < I; i++) sum += inp[t * I + i]! * row[i]!;
    put(t, sum);
  }
}

/** The 16 bits of half number `at` in the halves starting at word `base`, low half first. */
function halfAt(words: Uint32Array, base: number, at: number): number {
  return (words[base + (at >>> 1)]! >>> ((at & 1) * 16)) & 0xffff;
}
