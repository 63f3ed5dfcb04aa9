import { describe, expect, it } from 'vitest';
import { facts as servingFacts } from './serving-facts';
import { exercises, facts } from './paged-facts';

describe('lesson 8 facts', () => {
  it('holds the pool lesson 7 sized, 13 whole-context reservations against 54 paged requests of 1,024 tokens', () => {
    expect(facts.poolTokens.value).toBe(servingFacts.poolTokens.value);
    expect(exercises.contiguousBatch.answer.value).toBe(13);
    expect(facts.pagedFit.value).toBe(54);
    expect(exercises.contiguousBatch.working[2]).toContain('25 %');
  });

  it('leaves 7.5 slots of a block of 16 empty on average, 0.73 % of a 1,024-token sequence', () => {
    expect(exercises.blockWaste.answer.value).toBeCloseTo(7.5 / 1024, 12);
  });

  it('saves 15 × 992 tokens of keys and values for sixteen requests sharing 1,000 system tokens', () => {
    expect(exercises.prefixSaving.answer.value).toBe(15 * 992 * 819_200);
    expect(exercises.prefixSaving.answer.text).toBe('12.2 GB');
  });
});
