// The record read from the shipped cards: each model's validation loss over the whole split as the training scripts
// wrote it, the two models that were not shipped included, and the four training curves.
import { describe, expect, it } from 'vitest';
import { recordedComparison } from './recorded';
import { recorded } from './test-lineup';

describe('recordedComparison', () => {
  it('reads the validation losses and curves from the shipped cards', () => {
    const v = recorded.validation;
    expect(v.teacher).toBeCloseTo(2.8933, 4);
    expect(v.unhealed).toBeCloseTo(6.8579, 4);
    expect(v.pruned).toBeCloseTo(2.9596, 4);
    expect(v.student).toBeCloseTo(3.0201, 4);
    expect(v.scratch).toBeCloseTo(3.0616, 4);
    // The order the lesson teaches: teacher, healed, distilled from random init, scratch, far ahead of not healed.
    expect(
      v.teacher < v.pruned && v.pruned < v.student && v.student < v.scratch && v.scratch < v.unhealed,
    ).toBe(true);
    expect(recorded.curves.map((c) => [c.key, c.points.length])).toEqual([
      ['teacher', 50],
      ['pruned', 30],
      ['student', 30],
      ['scratch', 30],
    ]);
    expect(recorded.curves[3]!.points[0]).toEqual({ tokens: 1_638_400, nats: expect.closeTo(5.3356, 4) });
  });

  it('names what is missing', () => {
    expect(() => recordedComparison([])).toThrow('No shipped model "prose-target" to read the record from.');
    const card = { validation: { nats_per_token: 3 }, curve: [] };
    const models = ['prose-target', 'prose-pruned', 'prose-student'].map((id) => ({ id, card }));
    expect(() => recordedComparison(models)).toThrow('the model card has no pruning.comparison');
  });
});
