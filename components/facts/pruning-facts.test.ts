import { describe, expect, it } from 'vitest';
import { exercises, facts } from './pruning-facts';

describe('lesson 5 facts', () => {
  it('counts the pruned shape from its config, and the working adds up to it', () => {
    // 6 · (2·192·3·64 + 2·192·1·64 + 3·192·512 + 2·192) + 2048·192 + 192
    expect(facts.prunedParameters.value).toBe(2_755_008);
    expect(facts.targetParameters.value).toBe(10_228_608);
    expect(facts.prunedShare.text).toBe('26.9 %');
    expect(exercises.prunedSize.working[0]).toContain('393,600 per layer');
    expect(exercises.prunedSize.working[2]).toContain('In all 2,755,008 parameters');
  });

  it("reads the training scripts' losses in the order the lesson's prose states them", () => {
    // On the healing run's tokens: healed, then distilled from random weights, then scratch.
    expect(facts.prunedLoss.value).toBeLessThan(facts.randomHealLoss.value);
    expect(facts.randomHealLoss.value).toBeLessThan(facts.scratchHealLoss.value);
    // The student's whole run: distillation ahead of scratch, and ahead of the pruned model's shorter healing.
    expect(facts.studentLoss.value).toBeLessThan(facts.scratchLoss.value);
    expect(facts.studentLoss.value).toBeLessThan(facts.prunedLoss.value);
    expect(facts.targetLoss.value).toBeLessThan(facts.studentLoss.value - 0.1);
    expect(facts.unhealedLoss.value).toBeGreaterThan(2 * facts.targetLoss.value);
    expect(facts.healedOverScratch.value).toBeCloseTo(
      facts.scratchHealLoss.value - facts.prunedLoss.value,
      12,
    );
    expect(facts.prunedBehindStudent.value).toBeCloseTo(facts.prunedLoss.value - facts.studentLoss.value, 12);
    // 600 healing steps against the student's 3000, of the same batches.
    expect(facts.healShare.text).toBe('20 %');
    expect(facts.healTokens.text).toBe('9.83 M tokens');
    expect(facts.prunedLoss.provenance).toBe('measured');
    expect(facts.prunedBehindTarget.value).toBeCloseTo(facts.prunedLoss.value - facts.targetLoss.value, 12);
  });

  it('stores 2:4 sparse f16 in 9 bits a weight and works the KL by hand', () => {
    expect(facts.sparseBits.value).toBe(9);
    expect(exercises.sparseBytes.working[2]).toContain('at most 1.78 times as fast');
    // 0.7 ln 1.4 + 0.2 ln(2/3) + 0.1 ln 0.5
    expect(exercises.teacherKl.answer.value).toBeCloseTo(
      0.7 * Math.log(1.4) + 0.2 * Math.log(2 / 3) + 0.1 * Math.log(0.5),
      12,
    );
    expect(exercises.teacherKl.answer.text).toBe('0.0851 nats');
  });
});
