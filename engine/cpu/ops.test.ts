import { describe, expect, it } from 'vitest';
import { attention } from './attention';
import { embedding } from './embedding';
import { kvCopyBlocks } from './kv-write';
import { matmul } from './matmul';
import { rmsnorm } from './rmsnorm';
import { rope, ropeTables } from './rope';
import { swiglu } from './swiglu';

const f32 = (xs: number[]) => Float32Array.from(xs);

describe('CPU reference ops, worked by hand', () => {
  it('rmsnorm: [3, 4] has RMS √12.5, so it becomes [3, 4]/√12.5 scaled by the weight', () => {
    const out = new Float32Array(2);
    rmsnorm(out, f32([3, 4]), f32([1, 2]), 1, 2, 0);
    expect(out[0]).toBeCloseTo(3 / Math.sqrt(12.5), 6);
    expect(out[1]).toBeCloseTo((2 * 4) / Math.sqrt(12.5), 6);
  });

  it('matmul: inp · weightᵀ with weight stored (out, in)', () => {
    const out = new Float32Array(2 * 3);
    // inp (2, 2) = [[1, 2], [3, 4]]; weight (3, 2) = [[1, 0], [0, 1], [1, 1]]
    matmul(out, f32([1, 2, 3, 4]), f32([1, 0, 0, 1, 1, 1]), 2, 2, 3);
    expect(Array.from(out)).toEqual([1, 2, 3, 3, 4, 7]);
  });

  it('matmul: blocked by tokens and outputs, each sum the plain loop’s to the bit, whatever the shape', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (const [T, I, O] of [
      [1, 7, 5],
      [2, 8, 4],
      [3, 5, 9],
      [5, 33, 13],
    ] as const) {
      const inp = Float32Array.from({ length: T * I }, random);
      const weight = Float32Array.from({ length: O * I }, random);
      const plain = new Float32Array(T * O);
      for (let t = 0; t < T; t++)
        for (let o = 0; o < O; o++) {
          let sum = 0;
          for (let i = 0; i < I; i++) sum += inp[t * I + i]! * weight[o * I + i]!;
          plain[t * O + o] = sum;
        }
      const out = new Float32Array(T * O);
      matmul(out, inp, weight, T, I, O);
      expect(out, `T ${T}, I ${I}, O ${O}`).toEqual(plain);
    }
  });

  it('embedding: copies rows and rejects ids outside the vocabulary', () => {
    const out = new Float32Array(4);
    embedding(out, f32([0, 1, 10, 11, 20, 21]), Int32Array.from([2, 0]), 2, 2, 3);
    expect(Array.from(out)).toEqual([20, 21, 0, 1]);
    expect(() => embedding(out, f32([0, 1]), Int32Array.from([5]), 1, 2, 1)).toThrow(
      'token id 5 is outside the vocabulary of 1',
    );
  });

  it('rope: position 0 is the identity; with H = 2 it rotates (x1, x2) by pos radians', () => {
    const out = new Float32Array(2);
    const tables = ropeTables(4, 2, 10000);
    rope(out, f32([1, 0]), Int32Array.from([0]), tables, 1, 1, 2);
    expect(Array.from(out)).toEqual([1, 0]);
    rope(out, f32([1, 0]), Int32Array.from([1]), tables, 1, 1, 2);
    expect(out[0]).toBeCloseTo(Math.cos(1), 6);
    expect(out[1]).toBeCloseTo(Math.sin(1), 6);
  });

  it('rope: pairs dimension i with i + H/2, the second at frequency θ^(−2/H)', () => {
    const out = new Float32Array(4);
    rope(out, f32([0, 1, 0, 0]), Int32Array.from([3]), ropeTables(4, 4, 100), 1, 1, 4);
    // i = 1: angle = 3 · 100^(−2/4) = 0.3; x1 = 1, x2 = 0 → (cos 0.3, sin 0.3) at dims 1 and 3.
    expect(out[1]).toBeCloseTo(Math.cos(0.3), 6);
    expect(out[3]).toBeCloseTo(Math.sin(0.3), 6);
  });

  it('swiglu: gate ← silu(g) · u', () => {
    const gate = f32([0, 2]);
    swiglu(gate, f32([5, 3]), 2);
    expect(gate[0]).toBe(0);
    expect(gate[1]).toBeCloseTo((2 / (1 + Math.exp(-2))) * 3, 6);
  });

  it('attention: one key returns its value; two equal keys average their values', () => {
    const out = new Float32Array(2);
    const kCache = f32([1, 0, 1, 0]);
    const vCache = f32([2, 4, 6, 8]);
    attention(
      out,
      f32([5, 5]),
      kCache,
      vCache,
      Int32Array.from([0]),
      Int32Array.from([0]),
      Int32Array.from([0]),
      1,
      1,
      1,
      2,
      4,
    );
    expect(Array.from(out)).toEqual([2, 4]);
    attention(
      out,
      f32([5, 5]),
      kCache,
      vCache,
      Int32Array.from([1]),
      Int32Array.from([0]),
      Int32Array.from([0]),
      1,
      1,
      1,
      2,
      4,
    );
    expect(Array.from(out)).toEqual([4, 6]);
  });

  it('attention: a sliding window of 2 at position 2 averages positions 1 and 2, never reading position 0', () => {
    // blockSize 1, H = 1, equal keys; position 0's block was released (-1), so reading it would give NaN.
    const [kCache, vCache] = [f32([1, 1, 1]), f32([10, 2, 4])];
    const out = new Float32Array(1);
    const run = (pageTables: number[], window?: number) =>
      attention(
        out,
        f32([1]),
        kCache,
        vCache,
        Int32Array.from([2]),
        Int32Array.from([0]),
        Int32Array.from(pageTables),
        1,
        1,
        1,
        1,
        1,
        window,
      );
    run([-1, 1, 2], 2);
    expect(out[0]).toBeCloseTo(3, 6);
    run([0, 1, 2]);
    expect(out[0]).toBeCloseTo(16 / 3, 6);
  });

  it('attention: reads through the page table and shares KV heads across query groups', () => {
    // blockSize 1, sequence stored in blocks [1, 0]; K = 1 head shared by N = 2 query heads; H = 1.
    const kCache = f32([0, 0]);
    const vCache = f32([7, 3]);
    const out = new Float32Array(2);
    attention(
      out,
      f32([1, -1]),
      kCache,
      vCache,
      Int32Array.from([0]),
      Int32Array.from([0]),
      Int32Array.from([1, 0]),
      1,
      2,
      1,
      1,
      1,
    );
    expect(Array.from(out)).toEqual([3, 3]);
  });

  it('kvCopyBlocks: copies only the filled slots', () => {
    const cache = f32([1, 2, 3, 4, 0, 0, 0, 0]);
    kvCopyBlocks(cache, [{ src: 0, dst: 1, tokens: 1 }], 2, 2);
    expect(Array.from(cache)).toEqual([1, 2, 3, 4, 1, 2, 0, 0]);
  });
});
