import { describe, expect, it } from 'vitest';
import { ByteTokenizer } from './tokenizer';

describe('ByteTokenizer', () => {
  it('round-trips any UTF-8 text, one id per byte', () => {
    const tok = new ByteTokenizer();
    const text = 'memory-bound — décodage, 記憶, 🚀';
    const ids = tok.encode(text);
    expect(ids.length).toBe(new TextEncoder().encode(text).length);
    expect(tok.decode(ids)).toBe(text);
    expect(tok.encode('A')).toEqual([65]);
    expect(tok.decode(tok.encode('\uFEFFa'))).toBe('\uFEFFa');
  });

  it('holds back an incomplete character instead of printing a replacement', () => {
    const tok = new ByteTokenizer();
    const rocket = tok.encode('🚀');
    expect(tok.decode(rocket.slice(0, 2))).toBe('');
    expect(tok.decode(rocket)).toBe('🚀');
  });
});
