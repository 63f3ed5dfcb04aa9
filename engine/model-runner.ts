/**
 * The model runner: one backend and one paged KV cache, the part of the page's session that runs the model. `forward` takes a
 * batch of sequences, each with its new tokens, reserves their cache slots (copying shared blocks first),
 * runs one backend step, and returns each sequence's logits for the positions it asked for. With a sliding
 * window, each step then gives back the blocks its sequences have moved past; with prefix caching, each step names
 * the blocks it filled, for later prompts to find.
 */
import type { Backend, ForwardStep, OpTime } from './backend';
import type { LlamaConfig } from './model/config';
import { PagedKvCache, type BlockCopy, type CachedStart } from './kv/paged-kv-cache';

export interface SequenceRequest {
  /** Sequence id from `create` or `fork`. */
  seq: number;
  /** New tokens: many for a prefill or a draft to verify, one for a decode step. */
  tokens: readonly number[];
  /** Return logits for every new token, or only the last. */
  logits: 'last' | 'all';
}

export class ModelRunner {
  readonly backend: Backend;
  readonly cache: PagedKvCache;
  readonly vocabSize: number;
  readonly maxPositions: number;
  readonly slidingWindow: number | undefined;

  constructor(
    backend: Backend,
    cache: PagedKvCache,
    {
      vocabSize,
      maxPositions,
      slidingWindow,
    }: Pick<LlamaConfig, 'vocabSize' | 'maxPositions' | 'slidingWindow'>,
  ) {
    this.backend = backend;
    this.cache = cache;
    this.vocabSize = vocabSize;
    this.maxPositions = maxPositions;
    this.slidingWindow = slidingWindow;
  }

  create(): number {
    return this.cache.create();
  }

  /** A new sequence for `prompt`, holding what the prefix cache has of it: forward the rest, from `cached` on. */
  createCached(prompt: readonly number[]): CachedStart {
    return this.cache.createCached(prompt);
  }

  fork(seq: number): number {
    return this.cache.fork(seq);
  }

  free(seq: number): void {
    this.cache.free(seq);
  }

  /** Forget `seq`'s positions from `length` on (a rejected draft); the next forward writes over them. */
  truncate(seq: number, length: number): void {
    this.cache.truncate(seq, length);
  }

  /** One batched forward step. Returns, per request, logits (rows, V) with rows = 1 or its token count. */
  async forward(requests: readonly SequenceRequest[]): Promise<Float32Array[]> {
    const logits = await this.backend.forward(this.#prepare(requests));
    for (const { seq } of requests) this.cache.commit(seq);
    if (this.slidingWindow !== undefined) {
      // The next token at position n attends from n − W + 1: blocks wholly before that are never read again.
      for (const { seq } of requests)
        this.cache.releaseBefore(seq, this.cache.length(seq) - this.slidingWindow + 1);
    }
    const V = this.vocabSize;
    let row = 0;
    return requests.map((r) => {
      const rows = r.logits === 'all' ? r.tokens.length : 1;
      const out = logits.slice(row * V, (row + rows) * V);
      row += rows;
      return out;
    });
  }

  /**
   * One decode step of `seq`'s next token, timed op by op, on a scratch fork that is freed afterwards: the
   * sequence itself is left as it was.
   */
  async timeDecodeOps(seq: number, token: number): Promise<OpTime[]> {
    return this.#timeScratch(this.fork(seq), [token]);
  }

  /** The prefill of `tokens` into a new scratch sequence, timed op by op; the scratch sequence is freed afterwards. */
  async timePrefillOps(tokens: readonly number[]): Promise<OpTime[]> {
    return this.#timeScratch(this.create(), tokens);
  }

  /** Time one step bringing `tokens` to the scratch sequence `scratch`, then free it. */
  async #timeScratch(scratch: number, tokens: readonly number[]): Promise<OpTime[]> {
    try {
      return await this.backend.timeOps(this.#prepare([{ seq: scratch, tokens, logits: 'last' }]));
    } finally {
      this.free(scratch);
    }
  }

  /** Check the requests, reserve their cache slots, and flatten them into one backend step. */
  #prepare(requests: readonly SequenceRequest[]): ForwardStep {
    if (new Set(requests.map((r) => r.seq)).size !== requests.length)
      throw new Error('a sequence appears twice in one batch');
    for (const r of requests) {
      const bad = r.tokens.find((t) => !Number.isInteger(t) || t < 0 || t >= this.vocabSize);
      if (bad !== undefined)
        throw new Error(`token id ${bad} is outside the vocabulary of ${this.vocabSize}`);
      const end = this.cache.length(r.seq) + r.tokens.length;
      if (end > this.maxPositions) {
        throw new Error(
          `sequence ${r.seq} would reach ${end} tokens; the model handles at most ${this.maxPositions}`,
        );
      }
    }
    const needed = requests.reduce((sum, r) => sum + this.cache.blocksNeeded(r.seq, r.tokens.length), 0);
    if (needed > this.cache.pool.freeCount) {
      throw new Error(`this batch needs ${needed} free KV blocks; ${this.cache.pool.freeCount} are free`);
    }
    const tokens: number[] = [];
    const positions: number[] = [];
    const slots: number[] = [];
    const tableStart: number[] = [];
    const pageTables: number[] = [];
    const logitRows: number[] = [];
    const copies: BlockCopy[] = [];
    for (const request of requests) {
      if (request.tokens.length === 0) throw new Error(`sequence ${request.seq} brings no tokens`);
      const start = this.cache.length(request.seq);
      const plan = this.cache.appendTokens(request.seq, request.tokens);
      copies.push(...plan.copies);
      const table = pageTables.length;
      pageTables.push(...this.cache.pageTable(request.seq));
      request.tokens.forEach((token, i) => {
        if (request.logits === 'all' || i === request.tokens.length - 1) logitRows.push(tokens.length);
        tokens.push(token);
        positions.push(start + i);
        slots.push(plan.slots[i]!);
        tableStart.push(table);
      });
    }
    return {
      tokens: Int32Array.from(tokens),
      positions: Int32Array.from(positions),
      slots: Int32Array.from(slots),
      tableStart: Int32Array.from(tableStart),
      pageTables: Int32Array.from(pageTables),
      logitRows: Int32Array.from(logitRows),
      copies,
    };
  }
}
