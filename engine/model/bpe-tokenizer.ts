/**
 * BPE tokenizer read from a Hugging Face tokenizer.json: GPT-2's byte-level scheme, used by our trained models
 * (training/tokenizer.py), Llama 3 and Qwen2, or SentencePiece's characters with "▁" for spaces and byte fallback,
 * used by Llama 2, Mistral and TinyLlama. It gives the ids the `tokenizers` library gives for
 * `encode(text, add_special_tokens=False)`: a post-processor's template (BOS, EOS) is left to the caller.
 * Files it cannot mirror exactly are refused when read (see bpe-tokenizer-json.ts). Decoding keeps the space a
 * leading "▁" stands for, where the library's decoder strips it: generated text continues its prompt.
 */
import { tokenBytes } from './bpe-tokenizer-bytes';
import { escapeRegExp, readTokenizerJson, TokenizerError, type BpeSpec } from './bpe-tokenizer-json';
import {
  BYTE_TOKENS,
  byteOfToken,
  METASPACE,
  metaspaceWords,
  type MetaspaceRule,
} from './bpe-tokenizer-metaspace';
import { MergeTable, mergeWord } from './bpe-tokenizer-merge';
import type { PreTokenizeStep } from './bpe-tokenizer-pre';
import type { Tokenizer } from './tokenizer';

export { TokenizerError } from './bpe-tokenizer-json';

const CACHE_LIMIT = 100_000; // words; cleared when full
const utf8 = new TextEncoder();

export class BpeTokenizer implements Tokenizer {
  readonly vocabSize: number;
  readonly promptPrefix: readonly number[];
  readonly #vocab: Map<string, number>;
  readonly #merges: MergeTable;
  readonly #ignoreMerges: boolean;
  readonly #added: Map<string, number>;
  readonly #addedRegExp: RegExp | null; // every added token, longest first: leftmost-longest matching
  readonly #preTokenize: PreTokenizeStep[];
  readonly #normalization: 'NFC' | undefined;
  readonly #metaspace: MetaspaceRule | undefined;
  readonly #byteIds: number[] | undefined; // byte fallback's token for each byte value
  readonly #bytes: (Uint8Array | undefined)[] = []; // by id
  readonly #cache = new Map<string, number[]>();

  private constructor(spec: BpeSpec) {
    this.#vocab = spec.vocab;
    this.#ignoreMerges = spec.ignoreMerges;
    this.#preTokenize = spec.preTokenize;
    this.#normalization = spec.normalization;
    this.#metaspace = spec.metaspace;
    this.promptPrefix = spec.promptPrefix;
    this.#byteIds = spec.metaspace ? BYTE_TOKENS.map((token) => spec.vocab.get(token)!) : undefined;
    this.#added = new Map(spec.added.map((t) => [t.content, t.id]));
    const contents = [...this.#added.keys()].sort((a, b) => b.length - a.length);
    this.#addedRegExp = contents.length ? new RegExp(contents.map(escapeRegExp).join('|'), 'gu') : null;
    let size = 0; // one past the largest id, counted rather than taken from #bytes.length (which stops at 2^32 − 1)
    for (const [token, id] of [...spec.vocab, ...this.#added]) {
      this.#bytes[id] = spec.metaspace ? this.#pieceBytes(token) : tokenBytes(token);
      size = Math.max(size, id + 1);
    }
    this.vocabSize = size;
    const outside = this.promptPrefix.find((id) => id >= size);
    if (outside !== undefined) {
      throw new TokenizerError(
        `tokenizer.json: post_processor puts id ${outside} before a prompt; no token has it`,
      );
    }
    const id = (token: string): number => spec.vocab.get(token) as number;
    const pairs = spec.merges.map(([a, b]) => [id(a), id(b), id(a + b)] as const);
    this.#merges = new MergeTable(pairs, this.vocabSize);
  }

  /** A tokenizer from a parsed tokenizer.json; throws a TokenizerError naming any field it cannot honour. */
  static fromJson(json: unknown): BpeTokenizer {
    return new BpeTokenizer(readTokenizerJson(json));
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    let last = 0;
    for (const match of this.#addedRegExp ? text.matchAll(this.#addedRegExp) : []) {
      this.#encodeText(text.slice(last, match.index), ids, last === 0);
      ids.push(this.#added.get(match[0]) as number);
      last = match.index + match[0].length;
    }
    this.#encodeText(text.slice(last), ids, last === 0);
    return ids;
  }

  /** Text of a run of ids; unknown ids are skipped, and bytes that do not yet form a whole character are left out. */
  decode(ids: readonly number[]): string {
    const parts: Uint8Array[] = [];
    let length = 0;
    for (const id of ids) {
      const part = this.#bytes[id];
      if (!part) continue;
      parts.push(part);
      length += part.length;
    }
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes, { stream: true }); // keep a leading U+FEFF
  }

  /** Encode a stretch of text between added tokens; `first` when it starts the whole text. */
  #encodeText(text: string, out: number[], first: boolean): void {
    if (!text) return;
    let pieces = [this.#normalization ? text.normalize(this.#normalization) : text];
    if (this.#metaspace) pieces = metaspaceWords(text, first, this.#metaspace);
    for (const step of this.#preTokenize) pieces = step(pieces);
    for (const piece of pieces) for (const id of this.#word(piece)) out.push(id);
  }

  #word(word: string): number[] {
    const cached = this.#cache.get(word);
    if (cached) return cached;
    const whole = this.#ignoreMerges ? this.#vocab.get(word) : undefined;
    const ids = whole !== undefined ? [whole] : mergeWord(this.#symbols(word), this.#merges);
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(word, ids);
    return ids;
  }

  /** A word's single-character ids; with byte fallback, a character outside the vocabulary as its UTF-8 bytes. */
  #symbols(word: string): number[] {
    const ids: number[] = [];
    for (const char of word) {
      const id = this.#vocab.get(char);
      if (id !== undefined) ids.push(id);
      else if (this.#byteIds) for (const byte of utf8.encode(char)) ids.push(this.#byteIds[byte]!);
      else throw new TokenizerError(`tokenizer.json: model.vocab has no token ${JSON.stringify(char)}`);
    }
    return ids;
  }

  /** The bytes a SentencePiece-layout token stands for: a byte token's byte, else its text with "▁" as a space. */
  #pieceBytes(token: string): Uint8Array {
    const byte = this.#byteIds ? byteOfToken(token) : undefined;
    return byte !== undefined ? Uint8Array.of(byte) : utf8.encode(token.replaceAll(METASPACE, ' '));
  }
}
