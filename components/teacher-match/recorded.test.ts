// The record read from the shipped cards: each model's validation loss over the whole split as the training scripts
// wrote it, the two models that were not shipped included, and the four training curves.
import { describe, expect, it } from 'vitest';
import { recordedComparison } from './recorded';
import { recorded } from './test-lineup';

describe('recordedComparison', () => {
  it('reads the validation losses and curves from the shipped cards', () => {
    const v = recorded.validation;
    expect(v.teacher).toBeCloseTo(2.787, 4);
    expect(v.unhealed).toBeCloseTo(6.3517, 4);
    expect(v.pruned).toBeCloseTo(3.0033, 4);
    expect(v.student).toBeCloseTo(2.9509, 4);
    expect(v.scratch).toBeCloseTo(2.996, 4);
    // The teacher ahead of every smaller model by a clear margin; distillation ahead of scratch on the student's
    // tokens; and the pruned model, healed on a fifth of them, far ahead of the cut it started from.
    expect(Math.min(v.pruned, v.student, v.scratch) - v.teacher).toBeGreaterThan(0.1);
    expect(v.student).toBeLessThan(v.scratch);
    expect(v.unhealed).toBeGreaterThan(2 * v.pruned);
    // Evaluated every 100 steps (every 50 while healing): 5000 teacher steps, 600 healing, 3000 for the others.
    expect(recorded.curves.map((c) => [c.key, c.points.length])).toEqual([
      ['teacher', 50],
      ['pruned', 12],
      ['student', 30],
      ['scratch', 30],
    ]);
    expect(recorded.curves[1]!.points.at(-1)!.tokens).toBe(600 * 64 * 256);
    expect(recorded.curves[3]!.points[0]).toEqual({ tokens: 1_638_400, nats: expect.closeTo(5.312, 4) });
  });

  it('names what is missing', () => {
    expect(() => recordedComparison([])).toThrow('No shipped model "prose-target" to read the record from.');
    const card = { validation: { nats_per_token: 3 }, curve: [] };
    const models = ['prose-target', 'prose-pruned', 'prose-student'].map((id) => ({ id, card }));
    expect(() => recordedComparison(models)).toThrow('the model card has no pruning.shipped');
    const cut = { ...card, pruning: { shipped: 'depth' } };
    expect(() => recordedComparison(models.map((m) => ({ ...m, card: cut })))).toThrow(
      'the model card has no pruning.comparison',
    );
  });

  it('reads the unhealed row of the cut that was shipped', () => {
    const comparison = [
      { label: 'width-pruned target, not healed', nats_per_token: 6 },
      { label: 'depth-pruned target, not healed', nats_per_token: 5 },
    ];
    const card = {
      validation: { nats_per_token: 3 },
      curve: [],
      pruning: { shipped: 'depth', comparison },
      distillation: { scratch_baseline: { validation: { nats_per_token: 4 }, curve: [] } },
    };
    const models = ['prose-target', 'prose-pruned', 'prose-student'].map((id) => ({ id, card }));
    expect(recordedComparison(models).validation.unhealed).toBe(5);
  });
});
