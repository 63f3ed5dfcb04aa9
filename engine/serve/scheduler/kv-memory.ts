/**
 * How a server's KV memory is handed to requests, counted in tokens, for the scheduler to admit by. Two ways:
 * - paged (vLLM's PagedAttention): fixed-size blocks, taken one at a time as a sequence grows, from anywhere in the
 *   pool; a sequence wastes at most the unfilled rest of its last block;
 * - contiguous (what servers did before paging): at admission a request reserves one unbroken extent for its longest
 *   possible length (prompt and every token it may generate), first fit in one arena. What it has not written yet
 *   is reserved but unused (internal waste), and free memory split between extents can be too small for the next
 *   request although there is enough of it in all (external waste).
 * Both say where each request's memory lies (`places`), for a map of the memory step by step.
 */
import { BlockPool } from '../../kv/block-pool';

/** Where one request's KV memory lies: the blocks it holds, in the order it fills them, or its one extent, in tokens. */
export type KvPlace = { blocks: number[] } | { start: number; length: number };

export interface KvMemory {
  /** Tokens the memory holds in all. */
  readonly capacity: number;
  /** Tokens' worth held by requests (whole blocks, or whole reservations). */
  readonly held: number;
  /**
   * Give request `id` room for `tokens` tokens in all, of at most `longest` over its life; false, changing nothing, if
   * there is none.
   */
  hold(id: number, tokens: number, longest: number): boolean;
  /** What `id` holds, in tokens (0 if nothing). */
  heldBy(id: number): number;
  release(id: number): void;
  /** Whether a request of `longest` tokens would fit if nothing else were held. */
  fitsAlone(longest: number): boolean;
  /** Tokens' worth a new request must take to start with `tokens` tokens, of at most `longest`. */
  admissionNeed(tokens: number, longest: number): number;
  /** The longest run of free tokens one new request could take. */
  largestFree(): number;
  /** Where each request that holds memory has it, by request id (copies: the memory does not change them later). */
  places(): Map<number, KvPlace>;
}

export type Reservation = 'paged' | 'contiguous';

export class PagedMemory implements KvMemory {
  /** The engine's own block pool: lowest numbers first, then the block freed last. */
  readonly #pool: BlockPool;
  /** Each holding request's blocks, in the order it fills them. */
  readonly #tables = new Map<number, number[]>();

  constructor(
    readonly numBlocks: number,
    readonly blockSize: number,
  ) {
    this.#pool = new BlockPool(numBlocks);
  }

  get capacity() {
    return this.numBlocks * this.blockSize;
  }

  get held() {
    return this.#pool.usedCount * this.blockSize;
  }

  hold(id: number, tokens: number): boolean {
    const table = this.#tables.get(id) ?? [];
    const need = Math.ceil(tokens / this.blockSize) - table.length;
    if (need > this.#pool.freeCount) return false;
    for (let i = 0; i < need; i++) table.push(this.#pool.allocate());
    if (table.length > 0) this.#tables.set(id, table);
    return true;
  }

  heldBy(id: number) {
    return (this.#tables.get(id)?.length ?? 0) * this.blockSize;
  }

  release(id: number) {
    for (const block of this.#tables.get(id) ?? []) this.#pool.release(block);
    this.#tables.delete(id);
  }

  fitsAlone(longest: number) {
    return Math.ceil(longest / this.blockSize) <= this.numBlocks;
  }

  admissionNeed(tokens: number) {
    return Math.ceil(tokens / this.blockSize) * this.blockSize;
  }

  largestFree() {
    return this.#pool.freeCount * this.blockSize;
  }

  places(): Map<number, KvPlace> {
    return new Map([...this.#tables].map(([id, blocks]) => [id, { blocks: [...blocks] }]));
  }
}

interface Extent {
  id: number;
  start: number;
  length: number;
}

export class ContiguousMemory implements KvMemory {
  /** Reservations, in address order. */
  #extents: Extent[] = [];

  constructor(readonly capacity: number) {}

  get held() {
    return this.#extents.reduce((s, e) => s + e.length, 0);
  }

  /** The free gaps between reservations, in address order. */
  holes(): { start: number; length: number }[] {
    const holes = [];
    let at = 0;
    for (const e of [...this.#extents, { start: this.capacity, length: 0 }]) {
      if (e.start > at) holes.push({ start: at, length: e.start - at });
      at = e.start + e.length;
    }
    return holes;
  }

  hold(id: number, tokens: number, longest: number): boolean {
    const mine = this.#extents.find((e) => e.id === id);
    if (mine) return tokens <= mine.length;
    const hole = this.holes().find((h) => h.length >= longest);
    if (!hole) return false;
    this.#extents.push({ id, start: hole.start, length: longest });
    this.#extents.sort((a, b) => a.start - b.start);
    return true;
  }

  heldBy(id: number) {
    return this.#extents.find((e) => e.id === id)?.length ?? 0;
  }

  release(id: number) {
    this.#extents = this.#extents.filter((e) => e.id !== id);
  }

  fitsAlone(longest: number) {
    return longest <= this.capacity;
  }

  admissionNeed(_tokens: number, longest: number) {
    return longest;
  }

  largestFree() {
    return Math.max(0, ...this.holes().map((h) => h.length));
  }

  places(): Map<number, KvPlace> {
    return new Map(this.#extents.map(({ id, start, length }) => [id, { start, length }]));
  }
}
