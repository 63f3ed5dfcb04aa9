// The KL sentence and the readout from the hand-made comparison: the teacher ½, ¼, ⅛, ⅛, the student with the first
// two swapped, so KL = ¼ ln 2 nats and both entropies 1.75 ln 2.
import { describe, expect, it } from 'vitest';
import { compareDistributions } from './distributions';
import { klSentence, readoutItems } from './kl-words';

const teacher = [0.5, 0.25, 0.125, 0.125].map(Math.log);
const student = [0.25, 0.5, 0.125, 0.125].map(Math.log);
const names = { teacher: 'prose-target', student: 'prose-pruned' };

describe('the KL in words', () => {
  it('says what the KL costs, per token, and what distillation can lower', () => {
    expect(klSentence(compareDistributions(teacher, student, 1, 2), names)).toBe(
      'KL(prose-target ‖ prose-pruned) is 0.173 nats at temperature 1: on the tokens the teacher would write ' +
        "next, the student gives on average 0.841 times the teacher's probability (e^−KL, a geometric mean " +
        "weighted by the teacher), so coding the teacher's choices with the student's probabilities costs " +
        "0.173 nats (0.25 bits) a token more than with its own. Distillation's loss here is the cross-entropy, " +
        "the teacher's entropy plus the KL: 1.21 nats + 0.173 nats = 1.39 nats; training can lower only the KL, " +
        'to 0 when the student matches the teacher.',
    );
    expect(klSentence(compareDistributions(teacher, teacher, 0.5, 2), names)).toBe(
      'KL(prose-target ‖ prose-pruned) is 0 nats at temperature 0.5: the two distributions are the same, token ' +
        'for token, and distillation would have nothing left to match.',
    );
  });

  it('reads out every figure as measured', () => {
    const items = readoutItems(compareDistributions(teacher, student, 1, 1), {
      promptTokens: 36,
      tokensRead: 36,
      positions: 256,
    });
    expect(items.map((item) => [item.label, item.value])).toEqual([
      ['KL(teacher ‖ student)', '0.173 nats'],
      ["Teacher's entropy", '1.21 nats'],
      ["Student's entropy", '1.21 nats'],
      ['Same most likely token', 'no'],
      ["Teacher's probability shown", '75 %'],
      ["Student's probability shown", '75 %'],
      ['Prompt tokens read', '36'],
    ]);
    expect(items.every((item) => item.provenance === 'measured')).toBe(true);
  });
});
