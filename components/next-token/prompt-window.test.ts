import { describe, expect, it } from 'vitest';
import { promptTokensText, trimNote } from './prompt-window';

describe('the prompt window', () => {
  it('says when the models read only the last tokens of a long prompt', () => {
    const whole = { promptTokens: 36, tokensRead: 36, positions: 256 };
    expect([promptTokensText(whole), trimNote(whole)]).toEqual(['36', undefined]);
    const long = { promptTokens: 1200, tokensRead: 256, positions: 256 };
    expect(promptTokensText(long)).toBe('last 256 of 1,200');
    expect(trimNote(long)).toBe(
      'The prompt is 1,200 tokens and the models have 256 positions, so both read its last 256 tokens.',
    );
  });
});
