// The shipped tokenizer against the library that trained it: training/tokenizer.py --ids-out recorded the ids
// Hugging Face `tokenizers` gives for the whole validation text; BpeTokenizer must give exactly the same.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from './bpe-tokenizer';

const read = (path: string): Buffer => readFileSync(new URL(`../../${path}`, import.meta.url));
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('BpeTokenizer parity with Hugging Face tokenizers', () => {
  it('encodes training/data/validation.txt to the recorded ids, and decodes them back', () => {
    const tokenizerFile = read('public/models/prose-target/tokenizer.json');
    const textFile = read('training/data/validation.txt');
    const record = JSON.parse(read('training/fixtures/validation-ids.json').toString('utf8')) as {
      tokenizer_sha256: string;
      text_sha256: string;
      ids: number[];
    };
    expect(sha256(tokenizerFile)).toBe(record.tokenizer_sha256);
    expect(sha256(textFile)).toBe(record.text_sha256);

    const tok = BpeTokenizer.fromJson(JSON.parse(tokenizerFile.toString('utf8')));
    const text = textFile.toString('utf8');
    const ids = tok.encode(text);
    expect(ids.length).toBe(record.ids.length);
    expect(ids).toEqual(record.ids);
    expect(tok.decode(ids)).toBe(text);
  });
});
