// Softmax at a temperature, KL and agreement, on distributions small enough to work out by hand.
import { describe, expect, it } from 'vitest';
import { entropy, klDivergence, rowsAgreement, softmaxAt } from './divergence';

describe('divergence', () => {
  it('softmax at a temperature sharpens below 1 and flattens above', () => {
    const logits = [Math.log(3), 0];
    const [a, b] = softmaxAt(logits, 1);
    expect([a, b].map((v) => v!.toFixed(12))).toEqual(['0.750000000000', '0.250000000000']);
    expect(softmaxAt(logits, 0.5)[0]).toBeCloseTo(0.9, 12); // 9 : 1
    expect(softmaxAt(logits, 1e6)[0]).toBeCloseTo(0.5, 5);
    expect(() => softmaxAt(logits, 0)).toThrow('temperature must be positive (got 0)');
  });

  it('KL is zero for equal distributions, asymmetric, and infinite where q misses p', () => {
    const [p, q] = [
      [0.5, 0.5],
      [0.9, 0.1],
    ];
    expect(klDivergence(p, p)).toBe(0);
    expect(klDivergence(p, q)).toBeCloseTo(0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.5 / 0.1), 12);
    expect(klDivergence(q, p)).toBeCloseTo(0.9 * Math.log(1.8) + 0.1 * Math.log(0.2), 12);
    expect(klDivergence(p, [1, 0])).toBe(Infinity);
    expect(entropy(p)).toBeCloseTo(Math.log(2), 12);
    expect(() => klDivergence(p, [1])).toThrow('distributions of 2 and 1 tokens');
  });

  it('averages KL over rows and counts the rows whose most likely tokens agree', () => {
    const teacher = Float32Array.of(2, 0, 0, 0, 1, 0);
    const student = Float32Array.of(2, 0, 0, 1, 0, 0);
    const { meanKl, top1Agreement } = rowsAgreement(teacher, student, 2, 3);
    expect(top1Agreement).toBe(0.5);
    const row2 = klDivergence(softmaxAt([0, 1, 0], 1), softmaxAt([1, 0, 0], 1));
    expect(meanKl).toBeCloseTo(row2 / 2, 6);
  });
});
