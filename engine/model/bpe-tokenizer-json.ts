/**
 * Reads a Hugging Face tokenizer.json into what BpeTokenizer needs, checking that nothing in it would make our
 * ids differ from the `tokenizers` library's: a field we do not implement is an error that names it, never
 * something skipped. Read: model BPE (vocab, merges as "a b" or ["a", "b"], ignore_merges, byte_fallback),
 * added_tokens, post_processor (bpe-tokenizer-template.ts), and one of two layouts: GPT-2's byte-level one (pre_tokenizer ByteLevel or Sequence[Split…,
 * ByteLevel], decoder ByteLevel) or SentencePiece's (bpe-tokenizer-metaspace.ts). Every id names one token (the
 * vocabulary and added tokens agree where they share one), so every id decodes one way.
 */
import { absent, fail, isObject, type Json } from './bpe-tokenizer-error';
import { isMetaspaceLayout, readMetaspaceLayout, type MetaspaceRule } from './bpe-tokenizer-metaspace';
import { readPromptPrefix } from './bpe-tokenizer-template';
import { byteLevel, splitIsolated, toJsRegExp, type PreTokenizeStep } from './bpe-tokenizer-pre';
import { shown } from './shown';

export { TokenizerError } from './bpe-tokenizer-error';

export interface BpeSpec {
  vocab: Map<string, number>;
  /** Merges in rank order: the first is applied first. */
  merges: [string, string][];
  /** A word found whole in the vocabulary is one token, merges or not (Llama 3). */
  ignoreMerges: boolean;
  /** Tokens matched literally in the text before pre-tokenization. */
  added: { content: string; id: number }[];
  /** Unicode normalization of the text between added tokens (Qwen2's tokenizer.json asks for NFC). */
  normalization?: 'NFC';
  /** GPT-2's byte-level layout: how text is cut into words of byte-level characters. */
  preTokenize: PreTokenizeStep[];
  /**
   * SentencePiece's layout instead: words of characters with spaces as "▁" (preTokenize is then empty), a character
   * outside the vocabulary spelled in byte tokens <0x00>…<0xFF> (byte fallback, which the layout requires).
   */
  metaspace?: MetaspaceRule;
  /** Ids a prompt starts with: the post-processor's template before the text (Llama's BOS). */
  promptPrefix: number[];
}

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** The BPE spec of a parsed tokenizer.json, or a TokenizerError naming the first field that stops us. */
export function readTokenizerJson(json: unknown): BpeSpec {
  if (!isObject(json)) fail('not a JSON object');
  for (const field of ['truncation', 'padding']) {
    if (!absent(json[field])) fail(`${field} is set; only files without one are supported`);
  }
  const promptPrefix = readPromptPrefix(json['post_processor']);
  const vocab = readVocab(json['model']);
  const model = json['model'] as Json;
  const layout: Pick<BpeSpec, 'preTokenize' | 'normalization' | 'metaspace'> = isMetaspaceLayout(json)
    ? {
        preTokenize: [],
        metaspace: readMetaspaceLayout(json, vocab),
      }
    : readByteLevelLayout(json);
  // Added tokens marked "normalized" are matched in the normalized text: refused where normalizing adds "▁".
  const normalizing = !absent(json['normalizer']) && !layout.normalization;
  return {
    vocab,
    merges: readMerges(model, vocab),
    ignoreMerges: model['ignore_merges'] === true,
    added: readAdded(json['added_tokens'], vocab, normalizing),
    promptPrefix,
    ...layout,
  };
}

function readByteLevelLayout(json: Json): Pick<BpeSpec, 'preTokenize' | 'normalization'> {
  const normalizer = json['normalizer'];
  if (
    !absent(normalizer) &&
    !(isObject(normalizer) && normalizer['type'] === 'NFC' && Object.keys(normalizer).length === 1)
  )
    fail(
      `normalizer is ${shown(normalizer)}; only none or {"type": "NFC"} is supported with a ByteLevel decoder`,
    );
  if ((json['model'] as Json)['byte_fallback'] === true) {
    fail('model.byte_fallback is true with a ByteLevel decoder; byte-level BPE never falls back to bytes');
  }
  return {
    preTokenize: readPreTokenizer(json['pre_tokenizer']),
    ...(absent(normalizer) ? {} : { normalization: 'NFC' as const }),
  };
}

function readVocab(model: unknown): Map<string, number> {
  if (!isObject(model)) fail('model is missing or not an object');
  if (model['type'] !== 'BPE') {
    fail(`model.type ${shown(model['type'])} is not supported (only "BPE")`);
  }
  if (typeof model['dropout'] === 'number' && model['dropout'] > 0) fail('model.dropout is set');
  for (const field of ['continuing_subword_prefix', 'end_of_word_suffix']) {
    if (!absent(model[field]) && model[field] !== '') fail(`model.${field} is set`);
  }
  const vocab = model['vocab'];
  if (!isObject(vocab)) fail('model.vocab is missing or not an object');
  const map = new Map<string, number>();
  const tokenOf = new Map<number, string>();
  for (const [token, id] of Object.entries(vocab)) {
    if (!isId(id)) fail(`model.vocab[${JSON.stringify(token)}] is not a non-negative integer id`);
    const other = tokenOf.get(id);
    if (other !== undefined) {
      fail(
        `model.vocab[${JSON.stringify(token)}] has id ${id}, as does model.vocab[${JSON.stringify(other)}]`,
      );
    }
    map.set(token, id);
    tokenOf.set(id, token);
  }
  return map;
}

function readMerges(model: Json, vocab: Map<string, number>): [string, string][] {
  const merges = model['merges'];
  if (!Array.isArray(merges)) fail('model.merges is missing or not an array');
  const seen = new Map<string, Map<string, number>>(); // left → right → index
  return merges.map((merge: unknown, i): [string, string] => {
    const pair = typeof merge === 'string' ? merge.split(' ') : merge;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((p) => typeof p === 'string')) {
      fail(`model.merges[${i}] is neither "a b" nor ["a", "b"]`);
    }
    const [a, b] = pair as [string, string];
    for (const token of [a, b, a + b]) {
      if (!vocab.has(token)) {
        fail(`model.merges[${i}] needs ${JSON.stringify(token)}, which is not in model.vocab`);
      }
    }
    const rights = seen.get(a) ?? seen.set(a, new Map()).get(a)!;
    if (rights.has(b)) fail(`model.merges[${i}] repeats model.merges[${rights.get(b)}]`);
    rights.set(b, i);
    return [a, b];
  });
}

function readAdded(added: unknown, vocab: Map<string, number>, normalizing: boolean): BpeSpec['added'] {
  if (absent(added)) return [];
  if (!Array.isArray(added)) fail('added_tokens is not an array');
  const tokenOf = new Map<number, string>();
  for (const [token, id] of vocab) tokenOf.set(id, token);
  return added.map((token: unknown, i) => {
    if (
      !isObject(token) ||
      typeof token['content'] !== 'string' ||
      token['content'] === '' ||
      !isId(token['id'])
    ) {
      fail(`added_tokens[${i}] needs a non-empty content and an integer id`);
    }
    for (const flag of ['single_word', 'lstrip', 'rstrip']) {
      if (token[flag] === true) fail(`added_tokens[${i}].${flag} is true; it is not supported`);
    }
    if (normalizing && token['normalized'] === true) {
      fail(`added_tokens[${i}].normalized is true; with this normalizer it is not supported`);
    }
    const other = tokenOf.get(token['id']);
    if (other !== undefined && other !== token['content']) {
      fail(`added_tokens[${i}] has id ${token['id']}, which is already ${JSON.stringify(other)}`);
    }
    tokenOf.set(token['id'], token['content']);
    return { content: token['content'], id: token['id'] };
  });
}

function readPreTokenizer(pre: unknown): PreTokenizeStep[] {
  const steps = isObject(pre) && pre['type'] === 'Sequence' ? pre['pretokenizers'] : [pre];
  if (!Array.isArray(steps)) fail('pre_tokenizer.pretokenizers is not an array');
  const last = steps.at(-1);
  if (!isObject(last) || last['type'] !== 'ByteLevel' || steps.slice(0, -1).some((s) => !isSplit(s))) {
    fail('pre_tokenizer must be ByteLevel, or a Sequence of Split steps ending in ByteLevel');
  }
  return steps.map((step: Json, i) => (i === steps.length - 1 ? readByteLevel(step) : readSplit(step)));
}

function isSplit(step: unknown): step is Json {
  return isObject(step) && step['type'] === 'Split';
}

function readByteLevel(step: Json): PreTokenizeStep {
  if (typeof step['add_prefix_space'] !== 'boolean') fail('pre_tokenizer ByteLevel needs add_prefix_space');
  return byteLevel(step['add_prefix_space'], step['use_regex'] !== false);
}

function readSplit(step: Json): PreTokenizeStep {
  if (step['behavior'] !== 'Isolated') {
    fail(`pre_tokenizer Split behavior ${shown(step['behavior'])} is not supported (only "Isolated")`);
  }
  if (step['invert'] === true) fail('pre_tokenizer Split invert is true; it is not supported');
  const pattern = step['pattern'];
  if (isObject(pattern) && typeof pattern['String'] === 'string') {
    return splitIsolated(new RegExp(escapeRegExp(pattern['String']), 'gu'));
  }
  if (!isObject(pattern) || typeof pattern['Regex'] !== 'string') fail('pre_tokenizer Split needs a pattern');
  try {
    return splitIsolated(toJsRegExp(pattern['Regex']));
  } catch (error) {
    return fail(`pre_tokenizer Split pattern cannot be used here: ${(error as Error).message}`);
  }
}

/** The regex source that matches `text` literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
