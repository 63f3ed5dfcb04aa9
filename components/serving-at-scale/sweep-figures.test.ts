import { describe, expect, it } from 'vitest';
import { handSweep } from './hand-sweep';
import { policyFigures, sweepFigures } from './sweep-figures';

// Demand is 100 tokens per request: 100, 500 and 2,000 tokens/s.
const sweep = handSweep([
  [1, 'static', 95, 2],
  [1, 'continuous', 100, 1],
  [5, 'static', 400, 5],
  [5, 'continuous', 480, 1.5],
  [20, 'static', 420, 30],
  [20, 'continuous', 1500, 1.9],
]);

describe("a sweep's figures", () => {
  it("finds each policy's knee where its median doubles the lightest load's, and none where it never does", () => {
    expect(policyFigures(sweep, 'static').knee).toBe(5);
    expect(policyFigures(sweep, 'continuous').knee).toBeUndefined();
  });

  it('says up to which rate each policy serves 90 % of the demand', () => {
    // static: 95 % at 1, 80 % at 5; continuous: 100 %, 96 %, then 75 %.
    expect(policyFigures(sweep, 'static').keepsUpTo).toBe(1);
    expect(policyFigures(sweep, 'continuous').keepsUpTo).toBe(5);
    const behind = handSweep([
      [1, 'static', 50, 1],
      [1, 'continuous', 100, 1],
    ]);
    expect(policyFigures(behind, 'static').keepsUpTo).toBeUndefined();
  });

  it('compares the two at the heaviest load', () => {
    const figures = sweepFigures(sweep);
    expect(figures.static.heaviest.throughput).toBe(420);
    expect(figures.continuous.heaviest.throughput).toBe(1500);
    expect(figures.ratio).toBeCloseTo(1500 / 420, 12);
  });
});
