import { describe, expect, it } from 'vitest';
import { matmul } from '../cpu/matmul';
import { Random } from '../model/random';
import {
  INT8_ROW,
  int8MatmulDecomposed,
  int8Weight,
  outlierColumns,
  quantizeActivations,
  type ActivationGranularity,
} from './llm-int8';
import { dequantizeMatrix, quantizeMatrix, rint } from './quantize';

// W (2, 4): row 0 has absmax 127 (scale 1, codes the values), row 1 absmax 254 (scale 2, codes 127, 1, −5, 3).
const W = quantizeMatrix(Float32Array.of(127, -64, 3, 0, 254, 2, -10, 6), 2, 4, INT8_ROW);
// x (2, 4): column 0 holds the outliers; without it row 0's absmax is 63.5 (scale 0.5), row 1's 31.75 (0.25).
const X = Float32Array.of(127, -63.5, 10, 0.4, -254, 5, 1, 31.75);

function run(
  inp: Float32Array,
  weight: typeof W,
  T: number,
  threshold: number | null,
  granularity: ActivationGranularity,
) {
  const out = new Float32Array(T * weight.O);
  const info = int8MatmulDecomposed(out, inp, weight, T, threshold, granularity);
  return { out, ...info };
}

describe('int8MatmulDecomposed on a hand-worked case', () => {
  it('reads the weight codes and f16 row scales back', () => {
    const w = int8Weight(W);
    expect(Array.from(w.codes)).toEqual([127, -64, 3, 0, 127, 1, -5, 3]);
    expect(Array.from(w.scales)).toEqual([1, 2]);
  });

  it('per token, no threshold: integer dot products times both scales', () => {
    // Row 0: s = 1, codes 127, −64 (−63.5 ties to even), 10, 0: 16129 + 4096 + 30 = 20255, and
    // (16129 − 64 − 50) · 2.
    // Row 1: s = 2, codes −127, 2 (2.5 ties to even), 0 (0.5), 16: −16257 · 2 and (−16129 + 2 + 48) · 4.
    const r = run(X, W, 2, null, 'token');
    expect(Array.from(r.out)).toEqual([20255, 32030, -32514, -64316]);
    expect(Array.from(r.scales)).toEqual([1, 2]);
    expect(r.outliers.length).toBe(0);
  });

  it('per tensor: one scale (254 / 127 = 2) for both rows', () => {
    // Row 0's codes become 64 (63.5), −32, 5, 0: 10191 · 2 and 8071 · 4; row 1 is as per token.
    const r = run(X, W, 2, null, 'tensor');
    expect(Array.from(r.out)).toEqual([20382, 32284, -32514, -64316]);
    expect(Array.from(r.scales)).toEqual([2]);
  });

  it('with a threshold, takes column 0 out and multiplies it in f32', () => {
    // Row 0: rest codes 0, −127, 20, 1 at s = 0.5: 8188 · 0.5 + 127 · 127 = 20223 (exact), and
    // −224 · 1 + 127 · 254. Row 1: rest codes 0, 20, 4, 127 at s = 0.25: −1268 · 0.25 − 254 · 127 and
    // 381 · 0.5 − 254 · 254 (both exact).
    const r = run(X, W, 2, 100, 'token');
    expect(Array.from(r.outliers)).toEqual([0]);
    expect(Array.from(r.scales)).toEqual([0.5, 0.25]);
    expect(Array.from(r.out)).toEqual([20223, 32034, -32575, -64325.5]);
    // Per tensor the rest shares s = 0.5: row 1's codes become 10, 2, 64: −634 · 0.5 − 32258, 192 · 1 − 64516.
    expect(Array.from(run(X, W, 2, 100, 'tensor').out)).toEqual([20223, 32034, -32575, -64324]);
  });

  it('refuses a weight that is not int8 with one symmetric scale per row', () => {
    const int4 = quantizeMatrix(new Float32Array(8), 2, 4, {
      kind: 'int',
      bits: 4,
      group: 'row',
      zeroPoint: false,
    });
    expect(() => run(X, int4, 2, null, 'token')).toThrow(/int8/);
  });
});

describe('int8MatmulDecomposed on seeded random input', () => {
  const [T, I, O] = [6, 48, 10];
  const rng = new Random(7);
  const weight = quantizeMatrix(rng.uniformArray(O * I, 0.3), O, I, INT8_ROW);
  const deq = dequantizeMatrix(weight);
  const inp = Float32Array.from({ length: T * I }, () => rng.normal());
  const exact = new Float32Array(T * O);
  matmul(exact, inp, deq, T, I, O);

  it('computes the int8 part as exact integer dot products of independently rounded codes', () => {
    const { out } = run(inp, weight, T, null, 'token');
    const w = int8Weight(weight);
    for (let t = 0; t < T; t++) {
      const row = inp.subarray(t * I, (t + 1) * I);
      const s = Math.fround(row.reduce((m, v) => Math.max(m, Math.abs(v)), 0) / 127);
      const codes = Array.from(row, (v) => rint(Math.fround(v / s)));
      for (let o = 0; o < O; o++) {
        let dot = 0n;
        for (let i = 0; i < I; i++) dot += BigInt(codes[i]!) * BigInt(w.codes[o * I + i]!);
        expect(out[t * O + o]).toBe(Math.fround(Number(dot) * Math.fround(s * w.scales[o]!)));
      }
    }
  });

  it('stays within half an activation step per weight of the f32 product, and is not exact', () => {
    const { out, scales } = run(inp, weight, T, null, 'token');
    let worst = 0;
    for (let t = 0; t < T; t++) {
      for (let o = 0; o < O; o++) {
        let bound = 0;
        for (let i = 0; i < I; i++) bound += (Math.abs(deq[o * I + i]!) * scales[t]!) / 2;
        const err = Math.abs(out[t * O + o]! - exact[t * O + o]!);
        expect(err).toBeLessThanOrEqual(bound * (1 + 1e-6) + 1e-6);
        worst = Math.max(worst, err);
      }
    }
    expect(worst).toBeGreaterThan(1e-4);
  });

  it('is the f32 product with the dequantized weight, to the bit, when every column is an outlier', () => {
    const r = run(inp, weight, T, 0, 'token');
    expect(r.outliers.length).toBe(I);
    expect(Array.from(r.out)).toEqual(Array.from(exact));
  });

  it('is plain W8A8, to the bit, when no value reaches the threshold', () => {
    const r = run(inp, weight, T, 1e6, 'tensor');
    expect(r.outliers.length).toBe(0);
    expect(Array.from(r.out)).toEqual(Array.from(run(inp, weight, T, null, 'tensor').out));
  });
});

describe('an outlier feature', () => {
  // One activation of 60 in feature 5 of token 3, among standard normal ones: the lesson's case.
  const [T, I, O] = [8, 64, 16];
  const rng = new Random(99);
  const weight = quantizeMatrix(rng.uniformArray(O * I, 0.2), O, I, INT8_ROW);
  const inp = Float32Array.from({ length: T * I }, () => rng.normal());
  inp[3 * I + 5] = 60;
  const exact = new Float32Array(T * O);
  matmul(exact, inp, dequantizeMatrix(weight), T, I, O);
  /** RMS error of rows `rows` against the f32 product. */
  const rms = (out: Float32Array, rows: number[]) =>
    Math.sqrt(
      rows.reduce((sum, t) => {
        for (let o = 0; o < O; o++) sum += (out[t * O + o]! - exact[t * O + o]!) ** 2;
        return sum;
      }, 0) /
        (rows.length * O),
    );
  const others = [0, 1, 2, 4, 5, 6, 7];

  it('is found in the column where it reaches the threshold', () => {
    expect(Array.from(outlierColumns(inp, T, I, 6))).toEqual([5]);
    const { codes } = quantizeActivations(inp, T, I, Int32Array.of(5), 'token');
    for (let t = 0; t < T; t++) expect(codes[t * I + 5]).toBe(0);
  });

  it('breaks per-tensor absmax for every token, per-token absmax for its own, and not the decomposition', () => {
    const tensor = run(inp, weight, T, null, 'tensor').out;
    const token = run(inp, weight, T, null, 'token').out;
    const mixed = run(inp, weight, T, 6, 'token').out;
    // Per tensor, every token's step is 60/127 instead of about 3/127.
    expect(rms(tensor, others)).toBeGreaterThan(5 * rms(token, others));
    // Per token, only token 3 pays; the decomposition keeps its step at its own normal absmax.
    expect(rms(token, [3])).toBeGreaterThan(5 * rms(mixed, [3]));
    // The other tokens lose nothing: their feature 5 moves to f32 too.
    expect(rms(mixed, others)).toBeLessThan(1.1 * rms(token, others));
  });
});
