// The comparison worked by hand on four tokens: the teacher ½, ¼, ⅛, ⅛ and the student with the first two swapped.
import { describe, expect, it } from 'vitest';
import { compareDistributions } from './distributions';

const teacher = [0.5, 0.25, 0.125, 0.125].map(Math.log);
const student = [0.25, 0.5, 0.125, 0.125].map(Math.log);

describe('compareDistributions', () => {
  it('gives KL, entropies, first choices and the rows at temperature 1', () => {
    const c = compareDistributions(teacher, student, 1, 1);
    // KL = ½ ln(½ / ¼) + ¼ ln(¼ / ½) = ¼ ln 2; H = ½ ln 2 + ¼ ln 4 + 2 · ⅛ ln 8 = 1.75 ln 2.
    expect(c.kl).toBeCloseTo(0.25 * Math.LN2, 12);
    expect(c.teacherEntropy).toBeCloseTo(1.75 * Math.LN2, 12);
    expect(c.studentEntropy).toBeCloseTo(1.75 * Math.LN2, 12);
    expect([c.teacherTop, c.studentTop]).toEqual([0, 1]);
    // Each model's first token, the teacher's most likely first.
    expect(c.rows.map((row) => [row.id, row.teacher, row.student])).toEqual([
      [0, expect.closeTo(0.5, 12), expect.closeTo(0.25, 12)],
      [1, expect.closeTo(0.25, 12), expect.closeTo(0.5, 12)],
    ]);
    expect(c.mass.teacher).toBeCloseTo(0.75, 12);
    expect(c.mass.student).toBeCloseTo(0.75, 12);
  });

  it('flattens both at a higher temperature, keeping the tokens shown, and gives 0 for the same logits', () => {
    const hot = compareDistributions(teacher, student, 2, 3);
    // At T = 2 the teacher's probabilities go as √p: √½ / (√½ + √¼ + 2√⅛).
    const root = [0.5, 0.25, 0.125, 0.125].map(Math.sqrt);
    expect(hot.rows[0]!.teacher).toBeCloseTo(root[0]! / root.reduce((s, v) => s + v), 12);
    expect(hot.rows.map((row) => row.id)).toEqual([0, 1, 2]);
    expect(hot.teacherEntropy).toBeGreaterThan(1.75 * Math.LN2);
    expect(hot.kl).toBeLessThan(0.25 * Math.LN2);
    const same = compareDistributions(teacher, teacher, 0.5, 2);
    expect(same.kl).toBe(0);
    expect(same.teacherTop).toBe(same.studentTop);
  });
});
