/**
 * A linear layer without bias, as PyTorch applies it: out = inp · weightᵀ. CPU reference for
 * gpu/kernels/matmul-tiled.wgsl (prefill) and gpu/kernels/matvec.wgsl (decode).
 * out: (T, O); inp: (T, I); weight: (O, I), row-major.
 *
 * Every output is one sum over i in order, in f64, rounded to f32 once. For speed the loops take two tokens and four
 * outputs at a time, so each input and weight element loaded serves several sums (about 2.5 times the plain loop's
 * speed in V8); each sum still adds the same products in the same order, so the results are the plain loop's to the
 * bit.
 */
export function matmul(
  out: Float32Array,
  inp: Float32Array,
  weight: Float32Array,
  T: number,
  I: number,
  O: number,
): void {
  let t = 0;
  for (; t + 2 <= T; t += 2) {
    const a = t * I;
    const b = a + I;
    let o = 0;
    for (; o + 4 <= O; o += 4) {
      const w0 = o * I;
      const w1 = w0 + I;
      const w2 = w1 + I;
      const w3 = w2 + I;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      for (let i = 0; i < I; i++) {
        const x = inp[a + i]!;
        const y = inp[b + i]!;
        const v0 = weight[w0 + i]!;
        const v1 = weight[w1 + i]!;
        const v2 = weight[w2 + i]!;
        const v3 = weight[w3 + i]!;
        a0 += x * v0;
        a1 += x * v1;
        a2 += x * v2;
        a3 += x * v3;
        b0 += y * v0;
        b1 += y * v1;
        b2 += y * v2;
        b3 += y * v3;
      }
      const c = t * O + o;
      out[c] = a0;
      out[c + 1] = a1;
      out[c + 2] = a2;
      out[c + 3] = a3;
      out[c + O] = b0;
      out[c + O + 1] = b1;
      out[c + O + 2] = b2;
      out[c + O + 3] = b3;
    }
    for (; o < O; o++) {
      out[t * O + o] = dot(inp, a, weight, o * I, I);
      out[(t + 1) * O + o] = dot(inp, b, weight, o * I, I);
    }
  }
  for (; t < T; t++) rowTimesWeight(out, inp, weight, t, I, O);
}

/** One token's row of the product, four outputs at a time. */
function rowTimesWeight(
  out: Float32Array,
  inp: Float32Array,
  weight: Float32Array,
  t: number,
  I: number,
  O: number,
): void {
  const a = t * I;
  let o = 0;
  for (; o + 4 <= O; o += 4) {
    const w0 = o * I;
    const w1 = w0 + I;
    const w2 = w1 + I;
    const w3 = w2 + I;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < I; i++) {
      const x = inp[a + i]!;
      s0 += x * weight[w0 + i]!;
      s1 += x * weight[w1 + i]!;
      s2 += x * weight[w2 + i]!;
      s3 += x * weight[w3 + i]!;
    }
    const c = t * O + o;
    out[c] = s0;
    out[c + 1] = s1;
    out[c + 2] = s2;
    out[c + 3] = s3;
  }
  for (; o < O; o++) out[t * O + o] = dot(inp, a, weight, o * I, I);
}

/** Σᵢ x[a + i] · w[b + i] over I terms, in order. */
function dot(x: Float32Array, a: number, w: Float32Array, b: number, I: number): number {
  let sum = 0;
  for (let i = 0; i < I; i++) sum += x[a + i]! * w[b + i]!;
  return sum;
}
