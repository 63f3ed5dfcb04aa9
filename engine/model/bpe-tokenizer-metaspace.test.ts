// What the SentencePiece-layout reader refuses, each edit made to a file the `tokenizers` library wrote.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer, TokenizerError } from './bpe-tokenizer';
import { metaspaceWords } from './bpe-tokenizer-metaspace';

const file = readFileSync(
  new URL('../../training/fixtures/tokenizers/llama2-legacy/tokenizer.json', import.meta.url),
  'utf8',
);

describe('SentencePiece-layout refusals', () => {
  const metaspace = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false };
  const cases: [string, (json: Record<string, any>) => void, string][] = [
    [
      'a byte token missing',
      (j) => delete j['model'].vocab['<0x41>'],
      'model.byte_fallback is true but model.vocab has no <0x41>',
    ],
    [
      'a decoder step it does not undo',
      (j) => j['decoder'].decoders.push({ type: 'Lowercase' }),
      'decoder {"type":"Sequence"',
    ],
    [
      'a normalizer that does not prepend',
      (j) => (j['normalizer'] = j['normalizer'].normalizers[1]),
      'normalizer {"type":"Replace"',
    ],
    [
      'both a normalizer and a Metaspace pre-tokenizer',
      (j) => (j['pre_tokenizer'] = metaspace),
      'normalizer {"type":"Sequence","normalizers":[{"type":"Prepend"',
    ],
    [
      'another replacement character',
      (j) => ((j['normalizer'] = null), (j['pre_tokenizer'] = { ...metaspace, replacement: '_' })),
      'pre_tokenizer Metaspace replacement "_" is not supported',
    ],
    [
      'an unknown prepend scheme',
      (j) => ((j['normalizer'] = null), (j['pre_tokenizer'] = { ...metaspace, prepend_scheme: 'twice' })),
      'pre_tokenizer Metaspace prepend_scheme "twice" is not supported',
    ],
    [
      'no byte fallback',
      (j) => (j['model'].byte_fallback = false),
      'model.byte_fallback must be true in a SentencePiece-style file',
    ],
    ['decoder steps in another order', (j) => j['decoder'].decoders.reverse(), 'decoder {"type":"Sequence"'],
    [
      'add_prefix_space false beside a prepend scheme',
      (j) => ((j['normalizer'] = null), (j['pre_tokenizer'] = { ...metaspace, add_prefix_space: false })),
      'pre_tokenizer Metaspace add_prefix_space is false but prepend_scheme is "first"',
    ],
    [
      'an added token matched after the "▁" normalizer',
      (j) => (j['added_tokens'][1].normalized = true),
      'added_tokens[1].normalized is true',
    ],
  ];
  it.each(cases)('refuses a file with %s, naming the field', (_, edit, message) => {
    const json = JSON.parse(file);
    edit(json);
    expect(() => BpeTokenizer.fromJson(json)).toThrow(TokenizerError);
    expect(() => BpeTokenizer.fromJson(json)).toThrow(`tokenizer.json: ${message}`);
  });
});

describe('metaspaceWords', () => {
  const rule = { prepend: 'first', prependOverMetaspace: false, split: true } as const;
  it('writes spaces as "▁", prepends one only at the start, and starts each word with its "▁"', () => {
    expect(metaspaceWords('a  b c', true, rule)).toEqual(['▁a', '▁', '▁b', '▁c']);
    expect(metaspaceWords('a b', false, rule)).toEqual(['a', '▁b']);
    expect(metaspaceWords(' a', true, rule)).toEqual(['▁a']);
  });
});

describe("the post-processor's prompt prefix", () => {
  it("is Llama 2's BOS, <s>, from the template before the text", () => {
    expect(BpeTokenizer.fromJson(JSON.parse(file)).promptPrefix).toEqual([1]);
  });

  it('refuses a template naming a token with no ids, or one past the vocabulary', () => {
    const nameless = JSON.parse(file);
    nameless['post_processor'].special_tokens = {};
    expect(() => BpeTokenizer.fromJson(nameless)).toThrow(
      'tokenizer.json: post_processor TemplateProcessing single item {"SpecialToken":{"id":"<s>","type_id":0}} names no special token with ids',
    );
    const outside = JSON.parse(file);
    outside['post_processor'].special_tokens['<s>'].ids = [5000];
    expect(() => BpeTokenizer.fromJson(outside)).toThrow(
      'tokenizer.json: post_processor puts id 5000 before a prompt; no token has it',
    );
  });
});
