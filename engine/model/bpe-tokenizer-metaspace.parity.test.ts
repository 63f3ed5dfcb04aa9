// SentencePiece-layout tokenizer.json files (Llama 2's legacy normalizer, Mistral's Metaspace, Metaspace splitting
// words) against the library that wrote them: training/sentencepiece_tokenizers.py recorded the ids Hugging Face
// `tokenizers` gives for corner cases and 20,000 characters of validation text, and the text it decodes them to.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from './bpe-tokenizer';

interface Case {
  text?: string;
  ids: number[];
  decoded: string;
}

interface Fixture {
  tokenizer_sha256: string;
  vocab_size: number;
  cases: Required<Case>[];
  validation: Case & { chars: number };
}

const read = (path: string): Buffer => readFileSync(new URL(`../../${path}`, import.meta.url));
const folder = 'training/fixtures/tokenizers';

/** Hugging Face's decoder strips the one space a leading "▁" stands for; ours keeps it (text continues a prompt). */
const stripped = (text: string): string => (text.startsWith(' ') ? text.slice(1) : text);

describe.each(['llama2-legacy', 'metaspace-first', 'metaspace-split'])('the %s layout', (layout) => {
  const file = read(`${folder}/${layout}/tokenizer.json`);
  const fixture = JSON.parse(read(`${folder}/${layout}.ids.json`).toString('utf8')) as Fixture;
  const tokenizer = BpeTokenizer.fromJson(JSON.parse(file.toString('utf8')));

  it('is the file the ids were recorded from, with its vocabulary', () => {
    expect(createHash('sha256').update(file).digest('hex')).toBe(fixture.tokenizer_sha256);
    expect(tokenizer.vocabSize).toBe(fixture.vocab_size);
  });

  it.each(fixture.cases.map((c) => [JSON.stringify(c.text).slice(0, 40), c] as const))(
    'encodes and decodes %s as the library does',
    (_, { text, ids, decoded }) => {
      expect(tokenizer.encode(text)).toEqual(ids);
      expect(stripped(tokenizer.decode(ids))).toBe(decoded);
    },
  );

  it('encodes validation text as the library does', () => {
    const text = read('training/data/validation.txt').toString('utf8').slice(0, fixture.validation.chars);
    expect(tokenizer.encode(text)).toEqual(fixture.validation.ids);
    expect(stripped(tokenizer.decode(fixture.validation.ids))).toBe(fixture.validation.decoded);
  });
});
