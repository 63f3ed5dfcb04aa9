import { describe, expect, it } from 'vitest';
import { exercises, facts } from './speculative-facts';

describe('lesson 6 facts', () => {
  it("reads the draft's acceptance from its card and sums the series for K = 4", () => {
    expect(facts.alpha.value).toBeCloseTo(0.6712, 4);
    expect(facts.alpha.provenance).toBe('measured');
    // The card's own figure for K = 4 at temperature 1.
    expect(exercises.expectedTokens.answer.value).toBeCloseTo(2.627, 3);
    expect(facts.draftParameters.value).toBe(1_016_960);
  });

  it('works the hand verification out to exactly the target probability', () => {
    expect(exercises.handVerification.answer.value).toBeCloseTo(0.6, 12);
    expect(exercises.handVerification.working[1]).toContain('= 0.4');
  });

  it('puts Llama 2 70B with a 7B draft on an H100 between 2× and 3× at α = 0.8, K = 4', () => {
    expect(facts.pairC.value).toBeGreaterThan(0.09);
    expect(facts.pairC.value).toBeLessThan(0.11);
    expect(facts.pairSpeedup.value).toBeGreaterThan(2);
    expect(facts.pairSpeedup.value).toBeLessThan(3);
    expect(exercises.pairSpeedup.working[1]).toContain('memory-bound');
    // 989.4 TFLOP/s ÷ 3.35 TB/s = 295.3 FLOPs per byte, about as many tokens at 2 FLOPs per 2-byte weight.
    expect(exercises.verifyRidge.answer.value).toBe(295);
    expect(exercises.verifyRidge.working[1]).toContain('295 FLOPs per byte');
  });
});
