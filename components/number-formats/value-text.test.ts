import { describe, expect, it } from 'vitest';
import {
  equalsOrAbout,
  formatCode,
  formatFigure,
  formatPercent,
  formatSigned,
  formatValue,
  powerOfTwo,
  superscript,
} from './value-text';

describe('value text', () => {
  it('writes values with enough digits, and very large or small ones × 10ᵏ', () => {
    expect(formatValue(3.140625)).toBe('3.140625');
    expect(formatValue(57344)).toBe('57,344');
    expect(formatValue(-0.0945, 3)).toBe('−0.0945');
    expect(formatValue(3.3895313892515355e38)).toBe('3.389531 × 10³⁸');
    expect(formatValue(2 ** -24, 4)).toBe('5.96 × 10⁻⁸');
    expect([Infinity, -Infinity, NaN, -0, 0].map((v) => formatValue(v))).toEqual([
      '+∞',
      '−∞',
      'NaN',
      '−0',
      '0',
    ]);
  });

  it('writes powers of two as 2ᵏ, and range figures with their decimal value', () => {
    expect(superscript(-133)).toBe('⁻¹³³');
    expect(powerOfTwo(2 ** -9)).toBe('2⁻⁹');
    expect(powerOfTwo(448)).toBeUndefined();
    expect(formatFigure(2 ** -9)).toBe('2⁻⁹ ≈ 0.001953');
    expect(formatFigure(256)).toBe('256');
    expect(formatFigure(0.25)).toBe('2⁻² = 0.25');
    expect([equalsOrAbout('−57,344', -57344), equalsOrAbout('0.001953', 2 ** -9)]).toEqual(['=', '≈']);
    expect(formatFigure(448)).toBe('448');
  });

  it('writes codes in hex at the format’s width, errors signed, ratios in percent', () => {
    expect(formatCode(0x45, 8)).toBe('0x45');
    expect(formatCode(0x5, 16)).toBe('0x0005');
    expect(formatCode(13, 4)).toBe('0xD');
    expect(formatSigned(0.10840734641020677)).toBe('+0.108');
    expect(formatSigned(-52)).toBe('−52');
    expect(formatPercent(0.0345)).toBe('3.45 %');
  });
});
