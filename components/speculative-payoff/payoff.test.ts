import { describe, expect, it } from 'vitest';
import { bestRow, formulaCurve, largestRow, overallAlpha, payoffOf } from './payoff';
import { DRAFT_ALONE, payoffResult, TARGET_ALONE } from './payoff-fixture';

describe('the measured payoff', () => {
  const payoff = payoffOf(payoffResult())!;

  it('weights each K’s α by the positions it drafted, and takes c from the models timed alone', () => {
    expect(overallAlpha(payoffResult().points)).toBeCloseTo(0.7, 12);
    expect(payoff.alpha).toBeCloseTo(0.7, 12);
    expect(payoff.c).toBeCloseTo(0.4, 12);
  });

  it('puts each K’s measurements beside the formulas at the overall α', () => {
    const [one, two, four] = payoff.rows;
    expect(one!.tokensPerStep).toBe(1.6);
    // 1 + 0.7, 1 + 0.7 + 0.49, and 1 + 0.7 + 0.49 + 0.343 + 0.2401.
    expect(one!.formulaTokens).toBeCloseTo(1.7, 12);
    expect(two!.formulaTokens).toBeCloseTo(2.19, 12);
    expect(four!.formulaTokens).toBeCloseTo(2.7731, 12);
    // Measured tokens/s over the target's 100.
    expect(payoff.rows.map((r) => r.speedup)).toEqual([1.1, 1.2, 1.05]);
    // The paper's: E ÷ (K · 0.4 + 1).
    expect(two!.paperSpeedup).toBeCloseTo(2.19 / 1.8, 12);
    // This device's: E · 10 ms ÷ (K · 4 ms + the measured verification).
    expect(four!.deviceSpeedup).toBeCloseTo((2.7731 * 0.01) / (4 * 0.004 + 0.013), 12);
    expect(four!.verifySteps).toBeCloseTo(1.3, 12);
  });

  it('picks the best K and the largest, and draws the formulas over every K', () => {
    expect(bestRow(payoff.rows).K).toBe(2);
    expect(largestRow(payoff.rows).K).toBe(4);
    const curve = formulaCurve(payoff, 8);
    expect(curve.map((c) => c.K)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(curve[2]!.tokens).toBeCloseTo(1 + 0.7 + 0.49 + 0.343, 12);
  });

  it('waits for both models and one K', () => {
    const [target, draft, { points }] = [TARGET_ALONE, DRAFT_ALONE, payoffResult()];
    expect(payoffOf({ tokensRead: 30, target, points: [] })).toBeUndefined();
    expect(payoffOf({ tokensRead: 30, target, points })).toBeUndefined();
    expect(payoffOf({ tokensRead: 30, target, draft, points: points.slice(0, 1) })!.alpha).toBe(0.6);
  });
});
