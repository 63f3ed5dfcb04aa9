import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { readBits } from './bit-reading';

const format = (id: analytic.NumberFormatId) => analytic.numberFormatById(id);

describe('reading bits', () => {
  it('reads e4m3 0x45 as +2¹ × 1.625 = 3.25', () => {
    expect(readBits(format('fp8-e4m3'), 0x45)).toEqual({
      fields: [
        { field: 'sign', bits: '0', meaning: '0: positive' },
        { field: 'exponent', bits: '1000', meaning: '1000 = 8, minus the bias 7: 2¹' },
        { field: 'mantissa', bits: '101', meaning: '101 = 5: 1 + 5/8 = 1.625' },
      ],
      equation: '+2¹ × 1.625 = 3.25',
      label: 'sign 0, exponent 1000, mantissa 101',
    });
  });

  it('reads a subnormal without the leading 1', () => {
    const r = readBits(format('fp8-e4m3'), 0x83);
    expect(r.fields[1]!.meaning).toBe('0000: subnormal, 2⁻⁶ (1 − bias) with no leading 1');
    expect(r.fields[2]!.meaning).toBe('011 = 3: 0 + 3/8 = 0.375');
    expect(r.equation).toBe('−2⁻⁶ × 0.375 = −0.005859375');
  });

  it('writes every f16 significand exactly, and says when the value is rounded for display', () => {
    expect(readBits(format('f16'), 0x3bff).equation).toBe('+2⁻¹ × 1.9990234375 = 0.99951171875');
    expect(readBits(format('bf16'), 0x38d2).equation).toBe('+2⁻¹⁴ × 1.640625 ≈ 0.000100135803223');
  });

  it('names infinities and NaNs', () => {
    expect(readBits(format('fp8-e5m2'), 0xfc).equation).toBe('−∞');
    expect(readBits(format('fp8-e4m3'), 0x7f).equation).toBe('NaN, not a number');
    expect(readBits(format('fp8-e4m3fnuz'), 0x80).fields[1]!.meaning).toContain('the one NaN');
  });

  it('reads an int4 code in two’s complement, times the step', () => {
    expect(readBits(format('int4'), 0b1101, 0.5)).toEqual({
      fields: [
        { field: 'sign', bits: '1', meaning: '1: weighs −8' },
        { field: 'integer', bits: '101', meaning: '101 = 5' },
      ],
      equation: '−8 + 5 = −3; −3 × 0.5 = −1.5',
      label: 'sign 1, integer 101',
    });
    expect(readBits(format('int8'), 100, 4 / 127).equation).toBe('100 × 0.0315 = 3.149606');
  });
});
