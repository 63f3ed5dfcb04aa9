import { describe, expect, it } from 'vitest';
import { runSpeed } from './run-speed';

describe('live engine speeds', () => {
  it('measures decode rate over decode steps only', () => {
    const speed = runSpeed([
      { text: 'a', tokens: 1, phase: 'prefill', seconds: 0.5, tokensIn: 20 },
      { text: 'ab', tokens: 2, phase: 'decode', seconds: 0.1, tokensIn: 1 },
      { text: 'abc', tokens: 3, phase: 'decode', seconds: 0.3, tokensIn: 1 },
    ]);
    expect(speed).toEqual({
      prefillTokens: 20,
      prefillSeconds: 0.5,
      decodeTokens: 2,
      decodeSeconds: 0.4,
      decodeRate: 5,
    });
  });

  it('has no decode rate before the first decode step', () => {
    const speed = runSpeed([{ text: 'a', tokens: 1, phase: 'prefill', seconds: 0.5, tokensIn: 20 }]);
    expect([speed.prefillTokens, speed.decodeTokens, speed.decodeRate]).toEqual([20, 0, undefined]);
  });
});
