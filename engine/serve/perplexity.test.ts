import { describe, expect, it } from 'vitest';
import { meanNextTokenNll } from './perplexity';

describe('meanNextTokenNll', () => {
  it('is log V for uniform logits, and small when the right token dominates', () => {
    const V = 4;
    expect(meanNextTokenNll(new Float32Array(2 * V), [0, 1, 2], V)).toBeCloseTo(Math.log(4), 12);
    const sure = Float32Array.from([0, 20, 0, 0]);
    expect(meanNextTokenNll(sure, [3, 1], V)).toBeCloseTo(-Math.log(Math.exp(20) / (Math.exp(20) + 3)), 12);
  });

  it('refuses too few tokens or logits', () => {
    expect(() => meanNextTokenNll(new Float32Array(4), [1], 4)).toThrow('at least two tokens');
    expect(() => meanNextTokenNll(new Float32Array(4), [1, 2, 3], 4)).toThrow('need 2 rows of logits, got 1');
  });
});
