import { describe, expect, it } from 'vitest';
import { BpeTokenizer, TokenizerError } from './bpe-tokenizer';
import { BYTE_CHARS } from './bpe-tokenizer-bytes';
import { Random } from './random';

// A hand-made file: the 256 byte symbols as ids 0–255 (space is 'Ġ', id 32), then five merges in rank order.
const MERGES: [string, string][] = [
  ['Ġ', 't'], // 256 'Ġt'
  ['h', 'e'], // 257 'he'
  ['Ġt', 'he'], // 258 'Ġthe'
  ['i', 'n'], // 259 'in'
  ['in', 'g'], // 260 'ing'
  ['a', 'a'], // 261 'aa'
  ['3', '4'], // 262 '34'
  ["'", 'M'], // 263 "'M"
];
const EXTRA = ['Ġthing']; // 264: in the vocabulary, but no merge makes it
const LLAMA3_SPLIT =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

function tokenizerJson(): Record<string, any> {
  const tokens = [...BYTE_CHARS, ...MERGES.map(([a, b]) => a + b), ...EXTRA];
  return {
    version: '1.0',
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(tokens.map((token, id) => [token, id])),
      merges: MERGES.map(([a, b]) => [a, b]),
    },
  };
}

function edited(edit: (json: Record<string, any>) => void): BpeTokenizer {
  const json = tokenizerJson();
  edit(json);
  return BpeTokenizer.fromJson(json);
}

describe('BpeTokenizer', () => {
  it('applies merges lowest rank first, per GPT-2 pre-token', () => {
    const tok = BpeTokenizer.fromJson(tokenizerJson());
    // "the" → t·he; " thing" → Ġt·h·ing (no merge joins Ġt and h); " the" → Ġthe.
    expect(tok.encode('the thing the')).toEqual([116, 257, 256, 104, 260, 258]);
    expect(tok.encode('aaaaa')).toEqual([261, 261, 97]); // equal ranks: leftmost first
    expect(tok.encode('12345')).toEqual([49, 50, 262, 53]); // GPT-2 keeps a run of digits whole
    expect(tok.encode("I'M")).toEqual([73, 39, 77]); // GPT-2's contractions are lower case only
    expect(tok.vocabSize).toBe(265);
  });

  it('reads merges written as "a b" strings and as pairs alike', () => {
    const pairs = BpeTokenizer.fromJson(tokenizerJson());
    const strings = edited((json) => (json['model'].merges = MERGES.map(([a, b]) => `${a} ${b}`)));
    const text = 'the thing, the aaa 12345';
    expect(strings.encode(text)).toEqual(pairs.encode(text));
  });

  it('maps a word found whole in the vocabulary straight to its id when ignore_merges is set', () => {
    const ignoring = edited((json) => (json['model'].ignore_merges = true));
    expect(ignoring.encode(' thing')).toEqual([264]);
    expect(ignoring.encode(' things')).toEqual([256, 104, 260, 115]); // not whole in the vocabulary: merges
    expect(BpeTokenizer.fromJson(tokenizerJson()).encode(' thing')).toEqual([256, 104, 260]);
  });

  it('matches added tokens literally before pre-tokenizing, and decodes them back', () => {
    const tok = edited((json) => {
      json['added_tokens'] = [
        {
          id: 265,
          content: '<|endoftext|>',
          single_word: false,
          lstrip: false,
          rstrip: false,
          special: true,
        },
        { id: 266, content: '<|end|>', single_word: false, lstrip: false, rstrip: false, special: true },
      ];
    });
    const text = ' the<|endoftext|> the<|end|>';
    expect(tok.encode(text)).toEqual([258, 265, 258, 266]);
    expect(tok.decode(tok.encode(text))).toBe(text);
    expect(tok.vocabSize).toBe(267);
  });

  it('adds a prefix space when the ByteLevel pre-tokenizer asks for one', () => {
    const tok = edited((json) => (json['pre_tokenizer'].add_prefix_space = true));
    expect(tok.encode('the')).toEqual([258]);
  });

  it('splits with a Llama 3 pattern before a ByteLevel step without its own', () => {
    const tok = edited((json) => {
      json['pre_tokenizer'] = {
        type: 'Sequence',
        pretokenizers: [
          { type: 'Split', pattern: { Regex: LLAMA3_SPLIT }, behavior: 'Isolated', invert: false },
          { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
        ],
      };
    });
    expect(tok.encode('12345')).toEqual([49, 50, 51, 52, 53]); // "123" | "45": the 3·4 merge cannot apply
    expect(tok.encode("I'M")).toEqual([73, 263]); // contractions in any case
  });

  it('round-trips random text exactly: accents, CJK, emoji with ZWJ, combining marks, newlines, spaces', () => {
    const tok = BpeTokenizer.fromJson(tokenizerJson());
    const pools = [
      'the thing aaa 12345 ',
      'éüñçÅ',
      'e\u0301a\u0308\u0323',
      '日本語の文字、中文。',
      '😀👍🏽🇫🇷👩‍👩‍👧‍👦',
      '\n\n\r\n\t',
      '     ',
      "'s'LL\u00a0\u0085\ufeff\u3000",
    ];
    const random = new Random(2024);
    for (let trial = 0; trial < 300; trial++) {
      let text = '';
      for (let i = random.int(60); i > 0; i--) {
        const pool = Array.from(pools[random.int(pools.length)] as string);
        text += pool
          .slice(random.int(pool.length))
          .slice(0, 1 + random.int(4))
          .join('');
      }
      expect(tok.decode(tok.encode(text))).toBe(text);
    }
  });

  it('leaves out a last character whose bytes have not all arrived', () => {
    const tok = BpeTokenizer.fromJson(tokenizerJson());
    const ids = tok.encode('the 🚀'); // the rocket is four byte tokens
    expect(ids.slice(-4)).toEqual([0xf0, 0x9f, 0x9a, 0x80]);
    expect(tok.decode(ids.slice(0, -1))).toBe('the ');
    expect(tok.decode(ids)).toBe('the 🚀');
  });
});

describe("Qwen2's NFC normalizer", () => {
  it('composes the text before tokenizing it, as the tokenizers library does', () => {
    const plain = BpeTokenizer.fromJson(tokenizerJson());
    const nfc = BpeTokenizer.fromJson({ ...tokenizerJson(), normalizer: { type: 'NFC' } });
    const decomposed = 'cafe\u0301';
    expect(nfc.encode(decomposed)).toEqual(plain.encode('caf\u00e9'));
    expect(plain.encode(decomposed)).not.toEqual(plain.encode('caf\u00e9'));
  });
});

describe('BpeTokenizer.fromJson errors', () => {
  const cases: [string, (json: Record<string, any>) => void, string][] = [
    ['no vocab', (j) => delete j['model'].vocab, 'model.vocab is missing'],
    ['another model', (j) => (j['model'].type = 'WordPiece'), 'model.type "WordPiece" is not supported'],
    ['another normalizer', (j) => (j['normalizer'] = { type: 'NFKC' }), 'normalizer is {"type":"NFKC"}'],
    ['an unknown merge', (j) => j['model'].merges.push(['z', 'q']), 'model.merges[8] needs "zq"'],
    ['a malformed merge', (j) => (j['model'].merges = ['a b c']), 'model.merges[0] is neither'],
    [
      'byte fallback',
      (j) => (j['model'].byte_fallback = true),
      'model.byte_fallback is true with a ByteLevel decoder',
    ],
    ['another pre-tokenizer', (j) => (j['pre_tokenizer'] = { type: 'Metaspace' }), 'pre_tokenizer must be'],
    ['another decoder', (j) => (j['decoder'] = null), 'decoder null is not supported'],
    [
      'a removing split',
      (j) => {
        const split = { type: 'Split', pattern: { Regex: '\\s' }, behavior: 'Removed', invert: false };
        j['pre_tokenizer'] = { type: 'Sequence', pretokenizers: [split, j['pre_tokenizer']] };
      },
      'pre_tokenizer Split behavior "Removed"',
    ],
    ['a model that is not an object', (j) => (j['model'] = 'BPE'), 'model is missing or not an object'],
  ];
  it.each(cases)('refuses a file with %s, naming the field', (_, edit, message) => {
    const json = tokenizerJson();
    edit(json);
    expect(() => BpeTokenizer.fromJson(json)).toThrow(TokenizerError);
    expect(() => BpeTokenizer.fromJson(json)).toThrow(`tokenizer.json: ${message}`);
  });
});
