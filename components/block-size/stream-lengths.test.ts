import { describe, expect, it } from 'vitest';
import { requestStream } from '@engine/index';
import { streamLengths } from './stream-lengths';

describe('streamLengths', () => {
  it("holds each request of the seeded stream at its prompt and output, within the model's context", () => {
    const lengths = streamLengths(256);
    expect(lengths).toHaveLength(100);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(9);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(256);
    const [first] = requestStream({
      seed: 1,
      requests: 1,
      rate: Infinity,
      promptTokens: { kind: 'uniform', min: 8, max: 128 },
      outputTokens: { kind: 'geometric', mean: 64, max: 128 },
      source: new Array<number>(128).fill(0),
    });
    expect(lengths[0]).toBe(first!.prompt.length + first!.maxNewTokens);
    expect(streamLengths(256)).toEqual(lengths);
  });
});
