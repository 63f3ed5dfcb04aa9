import { describe, expect, it } from 'vitest';
import { Random } from '../../model/random';
import { drawLength, requestStream } from './request-stream';

const source = Array.from({ length: 500 }, (_, i) => i);

describe('requestStream', () => {
  it('replays from its seed, cuts prompts from the source, and keeps lengths in bounds', () => {
    const options = {
      seed: 3,
      requests: 50,
      rate: 4,
      promptTokens: { kind: 'uniform', min: 5, max: 20 },
      outputTokens: { kind: 'geometric', mean: 8, max: 30 },
      source,
    } as const;
    const stream = requestStream(options);
    expect(requestStream(options)).toEqual(stream);
    expect(requestStream({ ...options, seed: 4 })).not.toEqual(stream);
    for (const r of stream) {
      expect(r.prompt.length).toBeGreaterThanOrEqual(5);
      expect(r.prompt.length).toBeLessThanOrEqual(20);
      // A contiguous slice of the source.
      expect(r.prompt).toEqual(source.slice(r.prompt[0], r.prompt[0]! + r.prompt.length));
      expect(r.maxNewTokens).toBeGreaterThanOrEqual(1);
      expect(r.maxNewTokens).toBeLessThanOrEqual(30);
    }
    expect(stream.map((r) => r.arrival)).toEqual([...stream.map((r) => r.arrival)].sort((a, b) => a - b));
  });

  it('arrives at the asked rate on average, or all at once at an infinite rate', () => {
    const options = {
      seed: 1,
      requests: 4000,
      rate: 5,
      promptTokens: { kind: 'fixed', tokens: 4 },
      outputTokens: { kind: 'fixed', tokens: 4 },
      source,
    } as const;
    const stream = requestStream(options);
    // Exponential gaps of mean 1/5 s: 4000 of them average within a few per cent of it.
    expect(stream.at(-1)!.arrival / 4000).toBeCloseTo(0.2, 1);
    expect(requestStream({ ...options, rate: Infinity }).every((r) => r.arrival === 0)).toBe(true);
  });

  it('draws geometric lengths with the asked mean when the cap is far', () => {
    const rng = new Random(9);
    const draws = Array.from({ length: 20_000 }, () =>
      drawLength({ kind: 'geometric', mean: 6, max: 10_000 }, rng),
    );
    expect(draws.reduce((s, v) => s + v, 0) / draws.length).toBeCloseTo(6, 0);
    expect(Math.min(...draws)).toBe(1);
  });
});
