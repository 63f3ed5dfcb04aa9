import { describe, expect, it } from 'vitest';
import { softmaxAt } from './divergence';
import { countFirstTokens, countTarget } from './first-token-samples';
import { chiSquareFit } from './goodness-of-fit';

const p = softmaxAt(Float32Array.from([2, 1, 0.5, 0, -1, 0.3]), 1);
const q = softmaxAt(Float32Array.from([0.5, 2, 0, 1, -1, 0.2]), 1);
const fit = (counts: Float64Array) => chiSquareFit(counts, p).pValue;

describe('first-token counts at a fixed context', () => {
  it('fit p by the speculative rule and by sampling p, and fail for the wrong rules', () => {
    const count = (rule: Parameters<typeof countFirstTokens>[0]) =>
      countFirstTokens(rule, p, q, 20_000, 2, new Float64Array(p.length));
    expect(fit(count('speculative'))).toBeGreaterThan(0.001);
    expect(fit(countTarget(p, 20_000, 2, new Float64Array(p.length)))).toBeGreaterThan(0.001);
    expect(fit(count('resample-from-p'))).toBeLessThan(0.001);
    expect(fit(count('keep-draft'))).toBeLessThan(0.001);
    // keep-draft is the draft's own distribution.
    expect(chiSquareFit(count('keep-draft'), q).pValue).toBeGreaterThan(0.001);
  });

  it('adds into the counts given, batch by batch', () => {
    const counts = new Float64Array(p.length);
    countFirstTokens('speculative', p, q, 300, 1, counts);
    countFirstTokens('speculative', p, q, 200, 2, counts);
    expect(counts.reduce((s, v) => s + v, 0)).toBe(500);
  });
});
