/** Text ↔ token ids. Synthetic models use bytes; trained models bring their own tokenizer.json. */
export interface Tokenizer {
  readonly vocabSize: number;
  /** Ids a prompt starts with, which `encode` leaves out: the BOS a model was trained to see first, if any. */
  readonly promptPrefix: readonly number[];
  encode(text: string): number[];
  /** Text of a run of ids; bytes that do not yet form a whole character are left out. */
  decode(ids: readonly number[]): string;
}

/** One token per UTF-8 byte: ids 0–255. Any text round-trips. */
export class ByteTokenizer implements Tokenizer {
  readonly vocabSize = 256;
  readonly promptPrefix: readonly number[] = [];

  encode(text: string): number[] {
    return Array.from(new TextEncoder().encode(text));
  }

  decode(ids: readonly number[]): string {
    const bytes = Uint8Array.from(ids.filter((id) => id >= 0 && id < 256));
    // ignoreBOM keeps a leading U+FEFF, which is text like any other character.
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes, { stream: true });
  }
}
