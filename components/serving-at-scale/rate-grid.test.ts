import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { capacityEstimate, rateGrid } from './rate-grid';
import { DEFAULT_REQUEST, servingSetup } from './scale-request';

describe('the capacity estimate', () => {
  it('is 64 sequences finishing every 128 decode steps of 13.2 ms: 37.9 requests/s', () => {
    const estimate = capacityEstimate(DEFAULT_REQUEST);
    // Mean prompt (64 + 512) ÷ 2 = 288, plus half the mean output: 352 tokens of context.
    const step = analytic.decodeStep(servingSetup(DEFAULT_REQUEST), 64, 352);
    expect(estimate).toEqual({
      rate: 64 / (128 * step.seconds),
      batch: 64,
      context: 352,
      stepSeconds: step.seconds,
    });
    // 26.0 GB of weights + 64 · 353 · 819,200 B of KV cache at 3.35 TB/s.
    expect(step.seconds).toBeCloseTo(0.0132, 4);
    expect(estimate.rate).toBeCloseTo(37.9, 1);
  });

  it('decodes as many average requests as the pool holds when that is fewer than the slots', () => {
    // Llama 2 7B on an RTX 4090: 968 blocks = 15,488 tokens, ÷ (288 + 128) = 37.2 requests.
    const small = { ...DEFAULT_REQUEST, modelId: 'llama-2-7b', deviceId: 'rtx-4090' } as const;
    expect(capacityEstimate(small).batch).toBe(37);
    expect(capacityEstimate({ ...small, slots: 16 }).batch).toBe(16);
  });
});

describe('the rate grid', () => {
  it('runs in round steps from below a sixteenth of the capacity to past four times it', () => {
    // 37.9 ÷ 16 = 2.37, 37.9 · 4 = 152.
    expect(rateGrid(37.9)).toEqual([2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200]);
    // 0.5 ÷ 16 = 0.031, 0.5 · 4 = 2: no floating-point dust in the small rates.
    expect(rateGrid(0.5)).toEqual([0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2]);
  });

  it('starts at the round rate itself when the low end is one', () => {
    // 32 ÷ 16 = 2 and 32 · 4 = 128.
    expect(rateGrid(32)).toEqual([2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150]);
  });
});
