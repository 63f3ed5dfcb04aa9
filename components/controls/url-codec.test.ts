import { describe, expect, it } from 'vitest';
import {
  choiceCodec,
  numberCodec,
  snapToRange,
  tickCodec,
  toggleCodec,
  urlKey,
  withParam,
} from './url-codec';

describe('numberCodec', () => {
  const codec = numberCodec({ min: 1, max: 4096, step: 1 }, 8);

  it('reads a valid value without a note', () => {
    expect(codec.parse('64')).toEqual({ value: 64 });
  });

  it('clamps out-of-range values and says so', () => {
    expect(codec.parse('99999')).toEqual({ value: 4096, note: '99999 is above the maximum; using 4096.' });
    expect(codec.parse('-3')).toEqual({ value: 1, note: '-3 is below the minimum; using 1.' });
  });

  it('falls back on text that is not a number', () => {
    expect(codec.parse('lots')).toEqual({ value: 8, note: '“lots” is not a number; using 8.' });
    expect(codec.parse('')).toEqual({ value: 8, note: '“” is not a number; using 8.' });
  });

  it('snaps to the step grid', () => {
    expect(codec.parse('2.6').value).toBe(3);
    expect(numberCodec({ min: 0, max: 1, step: 0.1 }, 0.5).parse('0.33')).toEqual({
      value: 0.3,
      note: '0.33 is between steps of 0.1; using 0.3.',
    });
  });
});

describe('snapToRange', () => {
  it('keeps decimal steps free of float noise', () => {
    expect(snapToRange(0.7000000001, { min: 0, max: 1, step: 0.1 })).toBe(0.7);
    expect(snapToRange(0.3, { min: 0.1, max: 1, step: 0.1 })).toBe(0.3);
  });
});

describe('choiceCodec', () => {
  const codec = choiceCodec(['f32', 'bf16'] as const, 'bf16');
  it('accepts an option and replaces anything else', () => {
    expect(codec.parse('f32')).toEqual({ value: 'f32' });
    expect(codec.parse('fp64')).toEqual({
      value: 'bf16',
      note: '“fp64” is not one of the options; using bf16.',
    });
  });
});

describe('toggleCodec', () => {
  it('reads common spellings of on and off', () => {
    const codec = toggleCodec(false);
    expect(codec.parse('1').value).toBe(true);
    expect(codec.parse('off').value).toBe(false);
    expect(codec.parse('maybe')).toEqual({ value: false, note: '“maybe” is not on or off; using off.' });
  });
});

describe('query string helpers', () => {
  it('namespaces keys per widget and edits one key, leaving the others', () => {
    expect(urlKey('roofline', 'B')).toBe('roofline.B');
    expect(withParam('?a.x=1&b.x=2', 'a.x', '5')).toBe('?a.x=5&b.x=2');
    expect(withParam('?a.x=1', 'a.x', null)).toBe('');
  });
});

describe('tickCodec', () => {
  const divisors = [1, 2, 4, 5, 8, 10, 20, 40];
  const codec = tickCodec(divisors, 40, 'does not divide 40');

  it('keeps a tick without a note', () => {
    expect(codec.parse('8')).toEqual({ value: 8 });
  });

  it('moves any other number to the nearest tick, the lower on a tie, and says why', () => {
    expect(codec.parse('7')).toEqual({ value: 8, note: '7 does not divide 40; using 8.' });
    expect(codec.parse('3')).toEqual({ value: 2, note: '3 does not divide 40; using 2.' });
    expect(codec.parse('999')).toEqual({ value: 40, note: '999 does not divide 40; using 40.' });
    expect(codec.parse('x')).toEqual({ value: 40, note: '“x” is not a number; using 40.' });
  });
});
