import { describe, expect, it } from 'vitest';
import { formatCount, formatInteger, formatNumber, formatSeconds, formatSi, promptTail } from './format';

describe('format', () => {
  it('rounds to significant digits with grouping', () => {
    expect(formatNumber(295.343)).toBe('295');
    expect(formatNumber(0.0012345)).toBe('0.00123');
    expect(formatNumber(1234567)).toBe('1,230,000');
    expect(formatNumber(2.5)).toBe('2.5');
  });

  it('picks the SI prefix after rounding', () => {
    expect(formatSi(3.35e12, 'B/s')).toBe('3.35 TB/s');
    expect(formatSi(989.4e12, 'FLOP/s')).toBe('989 TFLOP/s');
    expect(formatSi(999_999, 'B')).toBe('1 MB');
    expect(formatSi(512, 'B')).toBe('512 B');
  });

  it('formats seconds, integers and counts', () => {
    expect(formatSeconds(0.0041049)).toBe('4.1 ms');
    expect(formatSeconds(2.2e-6)).toBe('2.2 µs');
    expect(formatInteger(6738415616)).toBe('6,738,415,616');
    expect(formatCount(6738415616)).toBe('6.74 billion');
  });
});

describe('promptTail', () => {
  it("keeps the prompt's end", () => {
    expect(promptTail('abcdef', 3)).toBe('…def');
    expect(promptTail('abc', 3)).toBe('abc');
  });
});
