// χ² goodness of fit worked by hand: with two degrees of freedom the upper tail is exp(−x / 2).
import { describe, expect, it } from 'vitest';
import { chiSquareFit } from './goodness-of-fit';

describe('chiSquareFit', () => {
  it('sums (observed − expected)² / expected and reads the upper tail', () => {
    // Expected 25, 25, 50: (5² + 5² + 0) / 25 = 2.
    const fit = chiSquareFit([30, 20, 50], [0.25, 0.25, 0.5]);
    expect(fit.statistic).toBeCloseTo(2, 12);
    expect(fit.degreesOfFreedom).toBe(2);
    expect(fit.pValue).toBeCloseTo(Math.exp(-1), 9);
  });

  it('pools the bins expected to hold fewer than five, and normalises the probabilities', () => {
    // 100 draws: expected 48, 48, 2, 2 → bins 48, 48 and the pooled 4.
    const fit = chiSquareFit([50, 46, 3, 1], [24, 24, 1, 1]);
    expect(fit.bins).toBe(3);
    expect(fit.statistic).toBeCloseTo(4 / 48 + 4 / 48 + 0, 12);
    expect(() => chiSquareFit([10], [1])).toThrow('at least two bins');
  });
});
