import { describe, expect, it } from 'vitest';
import { exercises, facts } from './serving-facts';

describe('lesson 7 facts', () => {
  it("sizes Llama 2 13B's KV pool on an H100 from 0.9 of 80 GB beside 26 GB of weights", () => {
    expect(facts.kvPerToken.value).toBe(819_200);
    expect(facts.weights.value / 1e9).toBeCloseTo(26.03, 2);
    // (72 GB − 26.03 GB) / 819,200 B per token, in whole blocks of 16 tokens.
    expect(facts.poolTokens.value).toBe(56_112);
    expect(exercises.poolSequences.answer.value).toBe(54);
  });

  it('works the static batch to 84 of 160 slot-steps', () => {
    expect(exercises.staticWaste.answer.value).toBeCloseTo(0.525, 12);
    expect(exercises.staticWaste.answer.text).toBe('52.5 %');
  });

  it('has a full batch decode far faster in total than one sequence, and a sustainable rate from it', () => {
    expect(facts.fullRate.value).toBeGreaterThan(20 * facts.singleRate.value);
    // 54 slots, 256 tokens each, at the full batch's tokens per second.
    expect(exercises.sustainableRate.answer.value).toBeCloseTo(facts.fullRate.value / 256, 9);
    expect(exercises.sustainableRate.working[0]).toContain('memory-bound');
  });
});
