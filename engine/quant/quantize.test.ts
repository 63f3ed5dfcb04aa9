import { describe, expect, it } from 'vitest';
import { f32ToF16, f16ToF32 } from '../model/half';
import { Random } from '../model/random';
import { codeAt, dequantizeMatrix, groupParams, quantizeDequantize, quantizeMatrix, rint } from './quantize';
import { bitsPerWeight, intLayout, matrixBytes, type IntScheme } from './scheme';

const half = (x: number) => f16ToF32(f32ToF16(x));

describe('rint', () => {
  it('rounds ties to even, as numpy does', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, -2.6].map(rint)).toEqual([0, 2, 2, -0, -2, 2, -3]);
  });
});

describe('symmetric int4, groups of 8', () => {
  const scheme: IntScheme = { kind: 'int', bits: 4, group: 8, zeroPoint: false };
  // One row of two groups. The first group's absmax is 7, so its scale is 1 and its codes are the values + 8.
  const row = Float32Array.of(1, -2, 3, -4, 5, -6, 7, 0.5, 0.7, 0.1, 0, 0, 0, 0, 0, -0.35);
  const m = quantizeMatrix(row, 1, 16, scheme);

  it('packs eight codes to a word, the first feature in the low nibble', () => {
    // Codes 9, 6, 11, 4, 13, 2, 15, 8 (0.5 rounds to the even 0) from the low nibble up.
    expect(m.words[0]).toBe(0x8f2d4b69);
    expect([0, 1, 2, 7].map((i) => codeAt(m, 0, i))).toEqual([9, 6, 11, 8]);
  });

  it('stores the scales as f16 after the codes, and reconstructs within half a step', () => {
    expect(groupParams(m, 0, 0)).toEqual({ scale: 1, zero: 8 });
    const scale = half(0.7 / 7);
    expect(groupParams(m, 0, 8).scale).toBe(scale);
    const back = dequantizeMatrix(m);
    row.forEach((v, i) => expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual((i < 8 ? 1 : scale) / 2));
  });
});

describe('asymmetric int4', () => {
  const scheme: IntScheme = { kind: 'int', bits: 4, group: 'row', zeroPoint: true };
  it('widens the range to include zero and keeps the zero-point', () => {
    const m = quantizeMatrix(Float32Array.of(1.5, 3, 0.75, 2.25, 3, 3, 3, 3), 1, 8, scheme);
    // Range [0, 3]: s = 3/15 = 0.2 (in f16), z = 0.
    expect(groupParams(m, 0, 0)).toEqual({ scale: half(0.2), zero: 0 });
    expect(codeAt(m, 0, 1)).toBe(15);
  });
  it('gives an all-zero group a zero scale', () => {
    const m = quantizeMatrix(new Float32Array(8), 1, 8, scheme);
    expect(Array.from(dequantizeMatrix(m))).toEqual(new Array(8).fill(0));
  });
});

describe('int3 codes straddle words', () => {
  const scheme: IntScheme = { kind: 'int', bits: 3, group: 32, zeroPoint: false };
  it('reads back every code, including the one split across a word boundary', () => {
    const values = Float32Array.from({ length: 32 }, (_, i) => ((i % 7) - 3) / 3);
    const m = quantizeMatrix(values, 1, 32, scheme);
    expect(intLayout(scheme, 1, 32).rowWords).toBe(3);
    expect(Array.from({ length: 32 }, (_, i) => codeAt(m, 0, i))).toEqual(
      Array.from({ length: 32 }, (_, i) => (i % 7) - 3 + 4),
    );
  });
});

describe('bytes', () => {
  it('counts scales and zero-points', () => {
    const g128: IntScheme = { kind: 'int', bits: 4, group: 128, zeroPoint: false };
    expect(bitsPerWeight(g128, 4096, 4096)).toBe(4 + 16 / 128);
    expect(bitsPerWeight({ ...g128, zeroPoint: true }, 4096, 4096)).toBe(4 + 32 / 128);
    expect(matrixBytes({ kind: 'int', bits: 8, group: 'row', zeroPoint: false }, 10, 256)).toBe(
      10 * 256 + 20,
    );
    expect(matrixBytes({ kind: 'f16' }, 10, 256)).toBe(5120);
  });
});

describe('quantizeDequantize', () => {
  it('equals packing and unpacking, to the bit, without the packing', () => {
    const weight = new Random(5).uniformArray(8 * 192, 0.3);
    const schemes: IntScheme[] = [
      { kind: 'int', bits: 4, group: 64, zeroPoint: true },
      { kind: 'int', bits: 3, group: 32, zeroPoint: false },
      { kind: 'int', bits: 8, group: 'row', zeroPoint: false },
    ];
    for (const scheme of schemes)
      expect(quantizeDequantize(weight, 8, 192, scheme)).toEqual(
        dequantizeMatrix(quantizeMatrix(weight, 8, 192, scheme)),
      );
  });
});
