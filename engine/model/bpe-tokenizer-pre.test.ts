import { describe, expect, it } from 'vitest';
import { byteLevel, splitIsolated, toJsRegExp } from './bpe-tokenizer-pre';

describe('toJsRegExp', () => {
  it('reads \\s as Unicode White_Space, as Oniguruma does', () => {
    const space = toJsRegExp('\\s+');
    expect('\u0085\u00a0\u3000'.match(space)).toEqual(['\u0085\u00a0\u3000']); // JavaScript's \s misses U+0085
    expect('\ufeff'.match(space)).toBeNull(); // and takes U+FEFF, which is not White_Space
  });

  it('spells out (?i:…) letter by letter, with the Unicode case folds of s and k', () => {
    const contraction = toJsRegExp("(?i:'s|'k)");
    const whole = (text: string): boolean => text.match(contraction)?.[0] === text;
    expect(["'s", "'S", "'\u017f", "'K", "'\u212a"].every(whole)).toBe(true);
    expect(whole("'x")).toBe(false);
  });

  it('refuses what it cannot carry over', () => {
    expect(() => toJsRegExp('^a')).toThrow(SyntaxError); // a line anchor in Oniguruma
    expect(() => toJsRegExp('(?i:[a-z])')).toThrow(SyntaxError);
    expect(() => toJsRegExp('a++')).toThrow(SyntaxError); // possessive
  });
});

describe('pre-tokenizers', () => {
  it('keeps matches and the text between them', () => {
    expect(splitIsolated(/, /gu)(['a, b, ', 'c'])).toEqual(['a', ', ', 'b', ', ', 'c']);
  });

  it('splits like GPT-2 and writes bytes as characters', () => {
    expect(byteLevel(false, true)(["Hello  world's\n"])).toEqual(['Hello', 'Ġ', 'Ġworld', "'s", 'Ċ']);
    expect(byteLevel(true, false)(['é'])).toEqual(['ĠÃ©']);
  });
});
