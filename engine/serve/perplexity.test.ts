import { describe, expect, it } from 'vitest';
import { meanNextTokenNll } from './perplexity';

describe('meanNextTokenNll', () => {
  it('is log V for uniform logits, and small when the right token dominates', () => {
    const V = 4;
    expect(meanNextTokenNll(new Float32Array(2 * V), [0, 1, 2], V)).toBeCloseTo(Math.log(4), 12);
    const sure = Float32Array.from([0, 20, 0, 0]);
    expect(meanNextTokenNll(sure, [3, 1], V)).toBeCloseTo(-Math.log(Math.exp(20) / (Math.exp(20) + 3)), 12);
  });

  it('leaves out the rows before `first`', () => {
    const V = 4;
    const rows = Float32Array.from([0, 20, 0, 0, 0, 0, 0, 0]);
    expect(meanNextTokenNll(rows, [2, 1, 3], V, 1)).toBeCloseTo(Math.log(4), 12);
    expect(meanNextTokenNll(rows, [2, 1, 3], V)).toBeLessThan(Math.log(4));
    expect(() => meanNextTokenNll(rows, [2, 1, 3], V, 2)).toThrow('at least one predicted token');
  });

  it('refuses too few tokens or logits', () => {
    expect(() => meanNextTokenNll(new Float32Array(4), [1], 4)).toThrow('at least one predicted token');
    expect(() => meanNextTokenNll(new Float32Array(4), [1, 2, 3], 4)).toThrow('need 2 rows of logits, got 1');
  });
});
