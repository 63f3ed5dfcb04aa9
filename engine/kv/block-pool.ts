/**
 * A fixed pool of KV blocks with reference counts: the physical memory of the paged KV cache (Kwon et al. 2023,
 * PagedAttention). A block is free when its count is zero; shared blocks (forked sequences, common prefixes)
 * count one reference per sequence that points at them.
 */
export class BlockPool {
  readonly numBlocks: number;
  readonly #refs: Uint32Array;
  readonly #free: number[];

  constructor(numBlocks: number) {
    if (!Number.isInteger(numBlocks) || numBlocks < 1)
      throw new Error(`numBlocks must be a positive integer, got ${numBlocks}`);
    this.numBlocks = numBlocks;
    this.#refs = new Uint32Array(numBlocks);
    // Hand out low block numbers first, so small runs are easy to read.
    this.#free = Array.from({ length: numBlocks }, (_, i) => numBlocks - 1 - i);
  }

  get freeCount(): number {
    return this.#free.length;
  }

  get usedCount(): number {
    return this.numBlocks - this.#free.length;
  }

  /** Take a free block with one reference, or throw when the pool is exhausted. */
  allocate(): number {
    const block = this.#free.pop();
    if (block === undefined) throw new KvCacheFullError(this.numBlocks);
    this.#refs[block] = 1;
    return block;
  }

  refCount(block: number): number {
    return this.#refs[this.#check(block)]!;
  }

  retain(block: number): void {
    if (this.#refs[this.#check(block)] === 0) throw new Error(`block ${block} is free and cannot be shared`);
    this.#refs[block]!++;
  }

  /** Drop one reference; the block returns to the pool when none remain. */
  release(block: number): void {
    if (this.#refs[this.#check(block)] === 0) throw new Error(`block ${block} is already free`);
    if (--this.#refs[block]! === 0) this.#free.push(block);
  }

  #check(block: number): number {
    if (!Number.isInteger(block) || block < 0 || block >= this.numBlocks)
      throw new Error(`no block ${block} in a pool of ${this.numBlocks}`);
    return block;
  }
}

/** Raised when a sequence needs a block and none is free. */
export class KvCacheFullError extends Error {
  constructor(readonly numBlocks: number) {
    super(`the KV cache is full: all ${numBlocks} blocks are in use`);
    this.name = 'KvCacheFullError';
  }
}
