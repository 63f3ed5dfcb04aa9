import { describe, expect, it } from 'vitest';
import { tokenLabel } from './token-label';

describe('tokenLabel', () => {
  it('shows spaces, newlines and tabs, and marks a token that is part of a character', () => {
    expect(tokenLabel(' good')).toBe('␣good');
    expect(tokenLabel('\n\n')).toBe('↵↵');
    expect(tokenLabel('\tx ')).toBe('⇥x␣');
    expect(tokenLabel('\u0001')).toBe('·');
    expect(tokenLabel('')).toBe('�');
    expect(tokenLabel('a\ufffd')).toBe('�');
    expect(tokenLabel('Emma')).toBe('Emma');
  });
});
