import { describe, expect, it } from 'vitest';
import { TEST_CPU, testAdapter } from '../testing/probes';
import { DEFAULT_PROMPT } from '../speculative-stream/speculative-session';
import { CPU_RUN_TOKENS, payoffRequest, runTokens } from './payoff-request';

describe('what a measurement asks for', () => {
  it('measures every K from 1 to the largest, from the lesson’s prompt', () => {
    expect(payoffRequest(3, 64, 0.5, 7)).toEqual({
      prompt: DEFAULT_PROMPT,
      draftTokens: [1, 2, 3],
      tokens: 64,
      temperature: 0.5,
      seed: 7,
    });
  });

  it('keeps runs short on the CPU fallback, saying so, and runs what is asked on a GPU', () => {
    expect(runTokens(TEST_CPU, 96)).toEqual({
      tokens: CPU_RUN_TOKENS,
      note: `On the CPU each run emits ${CPU_RUN_TOKENS} tokens.`,
    });
    expect(runTokens(TEST_CPU, 16)).toEqual({ tokens: 16, note: '' });
    expect(runTokens(testAdapter(2 ** 28), 96)).toEqual({ tokens: 96, note: '' });
    expect(runTokens(undefined, 96)).toEqual({ tokens: 96, note: '' });
  });
});
