// The growing counts on hand-made distributions over six tokens (the engine's own test's pair): after 20,000 samples
// speculative sampling and the target alone fit p by χ² at α = 0.001 and both wrong rules fail; counts grown batch by
// batch equal counts drawn at once, and a seed replays its samples.
import { softmaxAt } from '@engine/index';
import { describe, expect, it } from 'vitest';
import {
  BATCH_SIZE,
  batchSeed,
  emptyTally,
  fitsOf,
  fitToTarget,
  tallyAfter,
  withNextBatch,
  type Sampling,
} from './exactness-tally';

const p = softmaxAt([2, 1, 0.5, 0, -1, 0.3], 1);
const q = softmaxAt([0.5, 2, 0, 1, -1, 0.2], 1);
const sampling = (rule: Sampling['rule'], seed = 1): Sampling => ({ p, q, rule, seed });
const ALL = 20_000 / BATCH_SIZE;

describe('the exactness tally', () => {
  it('fits p for speculative sampling and the target alone, and not for a wrong rule, at 20,000 samples', () => {
    const right = tallyAfter(sampling('speculative'), ALL);
    expect(right.samples).toBe(20_000);
    expect(right.speculative.reduce((s, v) => s + v)).toBe(20_000);
    expect(right.target.reduce((s, v) => s + v)).toBe(20_000);
    const fits = fitsOf(right, p);
    expect(fits.speculative!.degreesOfFreedom).toBe(5);
    expect(fits.speculative!.pValue).toBeGreaterThan(0.001);
    expect(fits.target!.pValue).toBeGreaterThan(0.001);
    for (const rule of ['resample-from-p', 'keep-draft'] as const) {
      const wrong = fitsOf(tallyAfter(sampling(rule), ALL), p);
      expect(wrong.speculative!.pValue).toBeLessThan(0.001);
      // The target alone does not depend on the rule.
      expect(wrong.target).toEqual(fits.target);
    }
  });

  it('adds one batch to each sampler at a time and leaves the tally given as it was', () => {
    const first = withNextBatch(sampling('speculative'), emptyTally(p.length));
    const second = withNextBatch(sampling('speculative'), first);
    expect([first.batches, first.samples, second.batches, second.samples]).toEqual([1, 200, 2, 400]);
    expect(first.speculative.reduce((s, v) => s + v)).toBe(200);
    expect(second.speculative.reduce((s, v) => s + v)).toBe(400);
  });

  it('replays: batch by batch equals all at once, the same seed the same counts, another seed others', () => {
    let grown = emptyTally(p.length);
    for (let b = 0; b < 8; b++) grown = withNextBatch(sampling('resample-from-p', 7), grown);
    const atOnce = tallyAfter(sampling('resample-from-p', 7), 8);
    expect(grown).toEqual(atOnce);
    expect(tallyAfter(sampling('resample-from-p', 8), 8).speculative).not.toEqual(atOnce.speculative);
  });

  it('gives every sampler and batch of every seed its own generator seed', () => {
    const seeds = new Set<number>();
    for (let seed = 0; seed <= 1000; seed++)
      for (let batch = 0; batch < ALL; batch++)
        for (const sampler of ['speculative', 'target'] as const) seeds.add(batchSeed(seed, sampler, batch));
    expect(seeds.size).toBe(1001 * ALL * 2);
  });

  it('does not test counts no token is expected 5 times in, nor a distribution on one token', () => {
    const flat = new Float64Array(100).fill(0.01);
    expect(fitToTarget(new Float64Array(100).fill(4), flat, 400)).toBeUndefined();
    expect(fitToTarget(new Float64Array(100).fill(6), flat, 600)!.bins).toBe(100);
    expect(fitToTarget(Float64Array.from([9, 0]), Float64Array.from([1, 0]), 9)).toBeUndefined();
  });
});
