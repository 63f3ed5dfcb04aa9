/**
 * SentencePiece's layout as Hugging Face `tokenizers` writes it (Llama 2, Mistral, TinyLlama): BPE over the text's
 * characters with every space written "▁" (U+2581) and a "▁" put before the text, so a word's leading space is part
 * of its token; characters outside the vocabulary spelled as byte tokens <0x00>…<0xFF> (`byte_fallback`). Two ways
 * of writing it are read: transformers' legacy converter's normalizer (Prepend "▁", then Replace " " with "▁", no
 * pre-tokenizer) and the Metaspace pre-tokenizer (`prepend_scheme` always, first or never; `split` at each "▁").
 */
import { absent, fail, isObject, type Json } from './bpe-tokenizer-error';
import { shown } from './shown';

export const METASPACE = '\u2581';

/** Where "▁" goes and how the text is cut into words. */
export interface MetaspaceRule {
  /** Before every stretch of text between added tokens, only before the text's very start, or never. */
  prepend: 'always' | 'first' | 'never';
  /** Prepend even to a stretch that already starts with "▁" (the legacy normalizer does; Metaspace does not). */
  prependOverMetaspace: boolean;
  /** Cut before each "▁", which starts the next word (merges then never cross a space). */
  split: boolean;
}

/** The words of one stretch of text; `first` when it starts the whole text. */
export function metaspaceWords(text: string, first: boolean, rule: MetaspaceRule): string[] {
  let spaced = text.replaceAll(' ', METASPACE);
  const prepend = rule.prepend === 'always' || (rule.prepend === 'first' && first);
  if (prepend && (rule.prependOverMetaspace || !spaced.startsWith(METASPACE))) spaced = METASPACE + spaced;
  return rule.split ? spaced.split(/(?=\u2581)/u).filter((word) => word !== '') : [spaced];
}

/** The byte token of each byte value, as byte fallback names them. */
export const BYTE_TOKENS: readonly string[] = Array.from(
  { length: 256 },
  (_, byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`,
);

const BYTE_OF_TOKEN = new Map(BYTE_TOKENS.map((token, byte) => [token, byte]));

/** The byte value a byte token names, or undefined for any other token. */
export function byteOfToken(token: string): number | undefined {
  return BYTE_OF_TOKEN.get(token);
}

/** Whether a file is written in this layout rather than GPT-2's byte-level one (whose decoder is ByteLevel). */
export function isMetaspaceLayout(json: Json): boolean {
  return !(isObject(json['decoder']) && json['decoder']['type'] === 'ByteLevel');
}

/** The rule of a SentencePiece-layout file, checking its normalizer, pre-tokenizer, decoder and byte tokens. */
export function readMetaspaceLayout(json: Json, vocab: Map<string, number>): MetaspaceRule {
  checkDecoder(json['decoder']);
  const model = json['model'] as Json;
  // Without byte fallback a character outside the vocabulary becomes unk_token, which the engine does not mirror.
  if (model['byte_fallback'] !== true) fail('model.byte_fallback must be true in a SentencePiece-style file');
  const missing = BYTE_TOKENS.find((token) => !vocab.has(token));
  if (missing) fail(`model.byte_fallback is true but model.vocab has no ${missing}`);
  const { normalizer, pre_tokenizer: pre } = json;
  if (absent(normalizer) && isObject(pre) && pre['type'] === 'Metaspace') return readMetaspace(pre);
  if (absent(pre) && isLegacyNormalizer(normalizer)) {
    return { prepend: 'always', prependOverMetaspace: true, split: false };
  }
  return fail(
    `normalizer ${shown(normalizer)} with pre_tokenizer ${shown(pre)} is not supported: a SentencePiece-style file ` +
      'needs the normalizer Sequence [Prepend "▁", Replace " " with "▁"] and no pre-tokenizer, or no normalizer and a Metaspace pre-tokenizer',
  );
}

function isLegacyNormalizer(normalizer: unknown): boolean {
  if (!isObject(normalizer) || normalizer['type'] !== 'Sequence') return false;
  const steps = normalizer['normalizers'];
  if (!Array.isArray(steps) || steps.length !== 2) return false;
  const [prepend, replace] = steps as unknown[];
  return (
    isObject(prepend) &&
    prepend['type'] === 'Prepend' &&
    prepend['prepend'] === METASPACE &&
    isReplace(replace, ' ', METASPACE)
  );
}

function isReplace(step: unknown, from: string, to: string): boolean {
  return (
    isObject(step) &&
    step['type'] === 'Replace' &&
    isObject(step['pattern']) &&
    step['pattern']['String'] === from &&
    step['content'] === to
  );
}

function readMetaspace(pre: Json): MetaspaceRule {
  if (pre['replacement'] !== METASPACE) {
    fail(`pre_tokenizer Metaspace replacement ${shown(pre['replacement'])} is not supported (only "▁")`);
  }
  // Files older than prepend_scheme say add_prefix_space instead; the library refuses a file saying both, differently.
  const scheme = pre['prepend_scheme'] ?? (pre['add_prefix_space'] === false ? 'never' : 'always');
  if (pre['add_prefix_space'] === false && scheme !== 'never') {
    fail(`pre_tokenizer Metaspace add_prefix_space is false but prepend_scheme is ${shown(scheme)}`);
  }
  if (scheme !== 'always' && scheme !== 'first' && scheme !== 'never') {
    fail(`pre_tokenizer Metaspace prepend_scheme ${shown(scheme)} is not supported`);
  }
  return { prepend: scheme, prependOverMetaspace: false, split: pre['split'] !== false };
}

/**
 * The decoder must undo exactly what the encoder did, in this order: "▁" back to spaces, byte tokens to bytes, the
 * tokens fused into one text, and then at most the one space a leading "▁" stands for stripped.
 */
function checkDecoder(decoder: unknown): void {
  const steps = isObject(decoder) && decoder['type'] === 'Sequence' ? decoder['decoders'] : undefined;
  const fused = Array.isArray(steps) && steps.length === 4 && isReplace(steps[0], METASPACE, ' ');
  const [, bytes, fuse, strip] = fused ? (steps as unknown[]) : [];
  const ok =
    fused &&
    isObject(bytes) &&
    bytes['type'] === 'ByteFallback' &&
    isObject(fuse) &&
    fuse['type'] === 'Fuse' &&
    isObject(strip) &&
    strip['type'] === 'Strip' &&
    strip['content'] === ' ' &&
    (strip['start'] === 0 || strip['start'] === 1) &&
    strip['stop'] === 0;
  if (!ok) {
    fail(
      `decoder ${shown(decoder)} is not supported: it must be {"type": "ByteLevel"}, or the Sequence ` +
        'Replace "▁" with " ", ByteFallback, Fuse, Strip',
    );
  }
}
