// Number formats against published facts, hand-worked roundings and two independent oracles: engine/model/half.ts
// for the 16-bit floats, and a brute-force nearest-even search over all 256 codes for the 8-bit ones.
// Facts: OCP 8-bit Floating Point Specification (OFP8) rev 1.0 (2023) and Micikevicius et al. 2022, "FP8 Formats
// for Deep Learning" (arXiv 2209.05433), table 1: E4M3 bias 7, max S.1111.110 = 448, min normal 2⁻⁶, min subnormal
// 2⁻⁹, NaN S.1111.111, no infinities; E5M2 bias 15, max 57344, min normal 2⁻¹⁴, min subnormal 2⁻¹⁶, IEEE specials.
import { describe, expect, it } from 'vitest';
import { bf16ToF32, f16ToF32, f32ToBf16, f32ToF16 } from '../model/half';
import { Random } from '../model/random';
import {
  bitFields,
  bitsPerValue,
  decodeNumber,
  encodeNumber,
  rangeOf,
  intScale,
  neighboursOf,
  numberFormatById,
  readFloatCode,
  roundToFormat,
  gapAt,
  spacingSteps,
  type FloatFormat,
  type IntFormat,
  type NumberFormatId,
} from './number-formats';

const float = (id: NumberFormatId) => numberFormatById(id) as FloatFormat;
const int = (id: NumberFormatId) => numberFormatById(id) as IntFormat;
const e4m3 = float('fp8-e4m3');
const e5m2 = float('fp8-e5m2');
const fnuz = float('fp8-e4m3fnuz');
const f16 = float('f16');
const bf16 = float('bf16');

describe('fp8 e4m3 (OCP)', () => {
  it('has the published range: max 448 = 0x7E, min normal 2⁻⁶, min subnormal 2⁻⁹, no infinities', () => {
    expect(encodeNumber(e4m3, 448)).toBe(0x7e);
    expect(decodeNumber(e4m3, 0x7e)).toBe(448);
    expect(decodeNumber(e4m3, 0x08)).toBe(2 ** -6);
    expect(decodeNumber(e4m3, 0x01)).toBe(2 ** -9);
    expect(rangeOf(e4m3)).toEqual({
      bits: 8,
      largest: 448,
      smallest: 2 ** -9,
      smallestNormal: 2 ** -6,
      distinct: 253,
      hasInfinity: false,
      nanCodes: 2,
      hasNegativeZero: true,
      saturates: true,
    });
  });

  it('reads the all-ones exponent as numbers, except S.1111.111, the one NaN', () => {
    expect(decodeNumber(e4m3, 0x78)).toBe(256); // 0.1111.000 = 2⁸
    expect(decodeNumber(e4m3, 0xfe)).toBe(-448);
    expect(decodeNumber(e4m3, 0x7f)).toBeNaN();
    expect(decodeNumber(e4m3, 0xff)).toBeNaN();
    expect(encodeNumber(e4m3, NaN)).toBe(0x7f);
  });

  it('rounds π to 3.25 = 0.1000.101 (2¹ · 1.625), the nearer of 3 and 3.25', () => {
    expect(encodeNumber(e4m3, Math.PI)).toBe(0x45);
    expect(readFloatCode(e4m3, 0x45)).toEqual({
      kind: 'normal',
      negative: false,
      exponent: 1,
      significand: 1.625,
    });
    expect(bitFields(e4m3, 0x45)).toEqual([
      { field: 'sign', bits: '0', value: 0 },
      { field: 'exponent', bits: '1000', value: 8 },
      { field: 'mantissa', bits: '101', value: 5 },
    ]);
    const r = roundToFormat(e4m3, Math.PI);
    expect(r.value).toBe(3.25);
    expect(r.error).toBeCloseTo(3.25 - Math.PI, 15);
    expect(r.relativeError).toBeCloseTo((3.25 - Math.PI) / Math.PI, 15);
    expect(r.outcome).toBe('rounded');
  });

  it('breaks ties to the even mantissa: 464 (between 448 and the missing 480) to 448, 3·2⁻¹⁰ up to 2⁻⁸', () => {
    expect(encodeNumber(e4m3, 464, 1, false)).toBe(0x7e);
    expect(encodeNumber(e4m3, 3 * 2 ** -10)).toBe(0x02);
    expect(encodeNumber(e4m3, 2 ** -10)).toBe(0x00); // half the smallest subnormal: down to zero
    expect(encodeNumber(e4m3, 3.125)).toBe(0x44); // between 3 (…100) and 3.25 (…101): to 3
  });

  it('saturates past 448 by default, or gives NaN in the non-saturating mode', () => {
    expect(encodeNumber(e4m3, 500)).toBe(0x7e);
    expect(encodeNumber(e4m3, -1e9)).toBe(0xfe);
    expect(encodeNumber(e4m3, Infinity)).toBe(0x7e);
    expect(encodeNumber(e4m3, 465, 1, false)).toBe(0x7f);
    expect(encodeNumber(e4m3, -465, 1, false)).toBe(0xff);
    expect(roundToFormat(e4m3, 500).outcome).toBe('saturated');
    expect(roundToFormat(e4m3, 450)).toMatchObject({ value: 448, outcome: 'rounded' }); // below 464: plain rounding
    expect(roundToFormat(e4m3, 465, 1, false).outcome).toBe('overflow');
  });

  it('keeps the sign of zero, and rounds tiny values to it', () => {
    expect(encodeNumber(e4m3, -0)).toBe(0x80);
    expect(roundToFormat(e4m3, 1e-4).outcome).toBe('to zero');
    expect(roundToFormat(e4m3, 1e-4).relativeError).toBe(1);
  });
});

describe('fp8 e5m2 (OCP, IEEE-like)', () => {
  it('has the published range: max 57344 = 0x7B, min normal 2⁻¹⁴, min subnormal 2⁻¹⁶, ±∞ and six NaNs', () => {
    expect(decodeNumber(e5m2, 0x7b)).toBe(57344);
    expect(decodeNumber(e5m2, 0x7c)).toBe(Infinity);
    expect(decodeNumber(e5m2, 0xfc)).toBe(-Infinity);
    expect([0x7d, 0x7e, 0x7f].map((c) => decodeNumber(e5m2, c))).toEqual([NaN, NaN, NaN]);
    expect(rangeOf(e5m2)).toMatchObject({
      largest: 57344,
      smallestNormal: 2 ** -14,
      smallest: 2 ** -16,
      hasInfinity: true,
      nanCodes: 6,
      distinct: 247,
      saturates: false,
    });
  });

  it('rounds to ∞ from 61440 up (the tie between 57344, mantissa 11, and 2¹⁶ goes to the even one)', () => {
    expect(encodeNumber(e5m2, 61439)).toBe(0x7b);
    expect(encodeNumber(e5m2, 61440)).toBe(0x7c);
    expect(roundToFormat(e5m2, 60000)).toMatchObject({ value: 57344, outcome: 'rounded' });
    expect(roundToFormat(e5m2, 61440).outcome).toBe('overflow');
    expect(encodeNumber(e5m2, 61440, 1, true)).toBe(0x7b);
    expect(roundToFormat(e5m2, 61440, 1, true).outcome).toBe('saturated');
  });
});

describe('fp8 e4m3 FNUZ', () => {
  it('has bias 8, max 240 = 0x7F, NaN at 0x80 and no negative zero', () => {
    expect(decodeNumber(fnuz, 0x7f)).toBe(240);
    expect(decodeNumber(fnuz, 0x80)).toBeNaN();
    expect(decodeNumber(fnuz, 0x01)).toBe(2 ** -10);
    expect(encodeNumber(fnuz, -0)).toBe(0x00);
    expect(encodeNumber(fnuz, -1e-6)).toBe(0x00);
    expect(encodeNumber(fnuz, 300)).toBe(0x7f);
    expect(encodeNumber(fnuz, 300, 1, false)).toBe(0x80);
    expect(rangeOf(fnuz)).toMatchObject({
      largest: 240,
      smallestNormal: 2 ** -7,
      distinct: 255,
      nanCodes: 1,
      hasNegativeZero: false,
    });
  });
});

describe('f16 and bf16', () => {
  it('bf16 of π is 0x4049 = 3.140625; bf16 keeps f32’s range', () => {
    expect(encodeNumber(bf16, Math.PI)).toBe(0x4049);
    expect(decodeNumber(bf16, 0x4049)).toBe(3.140625);
    expect(rangeOf(bf16)).toMatchObject({
      largest: 3.3895313892515355e38,
      smallestNormal: 2 ** -126,
      smallest: 2 ** -133,
    });
  });

  it('f16: max 65504 = 0x7BFF, ∞ from 65520 up, min normal 2⁻¹⁴, min subnormal 2⁻²⁴', () => {
    expect(encodeNumber(f16, 65504)).toBe(0x7bff);
    expect(encodeNumber(f16, 65519.99)).toBe(0x7bff);
    expect(encodeNumber(f16, 65520)).toBe(0x7c00);
    expect(roundToFormat(f16, 70000).outcome).toBe('overflow');
    expect(rangeOf(f16)).toMatchObject({ largest: 65504, smallestNormal: 2 ** -14, smallest: 2 ** -24 });
    expect(rangeOf(f16).distinct).toBe(63487);
  });

  it('decodes every code as half.ts does', () => {
    for (let code = 0; code < 0x10000; code++) {
      expect(decodeNumber(f16, code)).toBe(f16ToF32(code));
      expect(decodeNumber(bf16, code)).toBe(bf16ToF32(code));
    }
  });

  it('encodes f32 values as half.ts does, across the whole f32 range', () => {
    const random = new Random(13);
    const view = new DataView(new ArrayBuffer(4));
    for (let i = 0; i < 20000; i++) {
      view.setUint32(0, random.int(2 ** 32));
      const x = view.getFloat32(0);
      if (Number.isNaN(x)) continue;
      expect(encodeNumber(f16, x)).toBe(f32ToF16(x));
      expect(encodeNumber(bf16, x)).toBe(f32ToBf16(x));
    }
  });

  it('rounds a double once, where going through f32 first rounds twice', () => {
    // 1 + 2⁻⁸ + 2⁻³⁰ is just past the midpoint of 1 and 1 + 2⁻⁷; f32 rounds it onto the midpoint, which then
    // ties to the even 1.
    const x = 1 + 2 ** -8 + 2 ** -30;
    expect(encodeNumber(bf16, x)).toBe(0x3f81);
    expect(f32ToBf16(x)).toBe(0x3f80);
  });
});

/** The code of the finite value nearest to x, ties to the even code (brute force over all codes). */
function nearestEven(format: FloatFormat, x: number): number {
  let best = 0;
  for (let code = 0; code < 2 ** bitsPerValue(format); code++) {
    const v = decodeNumber(format, code);
    if (!Number.isFinite(v) || Object.is(v, -0)) continue;
    const d = Math.abs(v - x);
    const e = Math.abs(decodeNumber(format, best) - x);
    if (d < e || (d === e && code % 2 === 0 && best % 2 === 1)) best = code;
  }
  // Zero keeps the sign of x where the format has a negative zero.
  return best === 0 && x < 0 && rangeOf(format).hasNegativeZero ? 2 ** (bitsPerValue(format) - 1) : best;
}

describe('every 8-bit float', () => {
  it.each([e4m3, e5m2, fnuz])(
    '$name rounds to the nearest value, ties to even, as a search over all codes',
    (f) => {
      const random = new Random(7);
      const largest = rangeOf(f).largest;
      for (let i = 0; i < 3000; i++) {
        // Magnitudes log-uniform over the whole range, and every midpoint between neighbours.
        const x = (random.next() < 0.5 ? -1 : 1) * largest * 2 ** (-random.next() * 20);
        expect(encodeNumber(f, x)).toBe(nearestEven(f, x));
      }
      for (let code = 0; code < rangeOf(f).distinct / 2 - 1; code++) {
        const mid = (decodeNumber(f, code) + decodeNumber(f, code + 1)) / 2;
        expect(encodeNumber(f, mid)).toBe(nearestEven(f, mid));
      }
    },
  );
});

describe('symmetric integers', () => {
  const int8 = int('int8');
  const int4 = int('int4');

  it('int8 with absmax 1 steps by 1/127 and saturates at ±1', () => {
    const s = intScale(int8, 1);
    expect(s).toBe(1 / 127);
    expect(gapAt(int8, 0.3, s)).toBe(1 / 127);
    expect(encodeNumber(int8, 1, s)).toBe(0x7f);
    expect(encodeNumber(int8, -1, s)).toBe(0x81); // −127 in two's complement; −128 (0x80) is never used
    expect(encodeNumber(int8, 2, s)).toBe(0x7f);
    expect(roundToFormat(int8, 2, s)).toMatchObject({ value: 1, outcome: 'saturated' });
    expect(encodeNumber(int8, 63.5 / 127, s)).toBe(64); // a tie, to the even code
    expect(rangeOf(int8, s)).toMatchObject({ bits: 8, largest: 1, smallest: 1 / 127, distinct: 255 });
  });

  it('int4 reads −3 as 1101: the sign bit weighs −8', () => {
    expect(encodeNumber(int4, -3, 1)).toBe(0b1101);
    expect(decodeNumber(int4, 0b1101, 1)).toBe(-3);
    expect(bitFields(int4, 0b1101)).toEqual([
      { field: 'sign', bits: '1', value: 1 },
      { field: 'integer', bits: '101', value: 5 },
    ]);
    expect(rangeOf(int4, intScale(int4, 7))).toMatchObject({ largest: 7, smallest: 1, distinct: 15 });
  });

  it('lists a uniform grid around a value', () => {
    expect(neighboursOf(int8, 0.5, 2, 1 / 127)).toEqual([62, 63, 64, 65].map((q) => q / 127));
    expect(neighboursOf(int4, 6.5, 3, 1)).toEqual([4, 5, 6, 7]);
    expect(spacingSteps(int4, 0.5)).toEqual([{ from: 0.5, to: 3.5, gap: 0.5 }]);
  });
});

describe('the grid around a value', () => {
  it('brackets π in e4m3 by 3 and 3.25, with the gap of [2, 4): 2¹ · 2⁻³ = 0.25', () => {
    expect(neighboursOf(e4m3, Math.PI, 2)).toEqual([2.75, 3, 3.25, 3.5]);
    expect(neighboursOf(e4m3, -Math.PI, 2)).toEqual([-3.5, -3.25, -3, -2.75]);
    expect(gapAt(e4m3, Math.PI)).toBe(0.25);
    expect(gapAt(e5m2, Math.PI)).toBe(0.5);
    expect(gapAt(bf16, Math.PI)).toBe(2 ** -6);
  });

  it('centres on a representable value, and stops at the ends of the range', () => {
    expect(neighboursOf(e4m3, 3, 2)).toEqual([2.75, 3, 3.25]);
    expect(neighboursOf(e4m3, 448, 2)).toEqual([416, 448]);
    expect(neighboursOf(e4m3, 1000, 2)).toEqual([416, 448]);
    expect(neighboursOf(e4m3, 0, 2)).toEqual([-(2 ** -9), 0, 2 ** -9]);
    expect(gapAt(e4m3, 300)).toBe(32);
    expect(gapAt(e4m3, 448)).toBe(32);
    expect(gapAt(e4m3, 0)).toBe(2 ** -9);
  });

  it('doubles the gap each binade, from the subnormals to the top', () => {
    const steps = spacingSteps(e4m3);
    expect(steps).toHaveLength(16); // subnormals, then 2⁻⁶ … 2⁸
    expect(steps[0]).toEqual({ from: 2 ** -9, to: 2 ** -6, gap: 2 ** -9 });
    expect(steps[1]).toEqual({ from: 2 ** -6, to: 2 ** -5, gap: 2 ** -9 });
    expect(steps.at(-1)).toEqual({ from: 256, to: 448, gap: 32 });
  });
});
