import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { rangeItems, rulesText } from './format-facts';

const format = (id: analytic.NumberFormatId) => analytic.numberFormatById(id);

describe('format facts', () => {
  it('gives e4m3’s range, powers of two with their decimal values', () => {
    expect(rangeItems(format('fp8-e4m3'))).toEqual([
      { label: 'Bits per value', value: '8 bits' },
      { label: 'Largest finite', value: '448' },
      { label: 'Smallest normal', value: '2⁻⁶ ≈ 0.01563' },
      { label: 'Smallest subnormal', value: '2⁻⁹ ≈ 0.001953' },
      { label: 'Distinct values', value: '253' },
    ]);
  });

  it('gives int8’s step from its absmax', () => {
    const int8 = format('int8') as analytic.IntFormat;
    expect(rangeItems(int8, analytic.intScale(int8, 1))).toEqual([
      { label: 'Bits per value', value: '8 bits + a shared scale' },
      { label: 'Largest (absmax)', value: '1' },
      { label: 'Step (absmax ÷ 127)', value: '0.007874' },
      { label: 'Distinct values', value: '255' },
    ]);
  });

  it('states each format’s overflow rule with the computed threshold', () => {
    expect(rulesText(format('fp8-e4m3'))).toContain('saturates to ±448');
    expect(rulesText(format('fp8-e4m3'))).toContain('NaN from ±464 up');
    expect(rulesText(format('fp8-e4m3'))).toContain('whose largest value is ±240');
    expect(rulesText(format('fp8-e5m2'))).toContain('rounds to ±∞ from ±61,440 up');
    expect(rulesText(format('f16'))).toContain('past ±65,504 rounds to ±∞ from ±65,520 up.');
    expect(rulesText(format('fp8-e4m3fnuz'))).toContain('the largest value ±240 against ±448');
    expect(rulesText(format('fp8-e4m3fnuz'))).toContain('NaN from ±248 up');
    expect(rulesText(format('int4'), 1)).toContain('Codes −7 … 7');
  });
});
