/**
 * A fixed pool of KV blocks with reference counts: the physical memory of the paged KV cache (Kwon et al. 2023,
 * PagedAttention). A block is free when its count is zero; shared blocks (forked sequences, common prefixes)
 * count one reference per sequence that points at them. With a keeper (the prefix cache), a block whose count
 * falls to zero but whose content the keeper names is kept as cached: free to take, but taken only when no
 * never-named block is left, least recently released first, and it can be claimed back until then.
 */
export interface BlockKeeper {
  /** Whether a block whose last reference went should stay cached. */
  keeps(block: number): boolean;
  /** A cached block is being reused: forget its content. */
  evicted(block: number): void;
}

export class BlockPool {
  readonly numBlocks: number;
  readonly #refs: Uint32Array;
  readonly #free: number[];
  /** Cached blocks, least recently released first (a Set keeps insertion order). */
  readonly #cached = new Set<number>();
  keeper: BlockKeeper | undefined;

  constructor(numBlocks: number) {
    if (!Number.isInteger(numBlocks) || numBlocks < 1)
      throw new Error(`numBlocks must be a positive integer, got ${numBlocks}`);
    this.numBlocks = numBlocks;
    this.#refs = new Uint32Array(numBlocks);
    // Hand out low block numbers first, so small runs are easy to read.
    this.#free = Array.from({ length: numBlocks }, (_, i) => numBlocks - 1 - i);
  }

  /** Blocks a sequence can take: never-named ones and cached ones. */
  get freeCount(): number {
    return this.#free.length + this.#cached.size;
  }

  /** Blocks some sequence points at. */
  get usedCount(): number {
    return this.numBlocks - this.freeCount;
  }

  /** Blocks no sequence points at, kept for the content they hold, least recently released first. */
  cached(): number[] {
    return [...this.#cached];
  }

  /** Take a free block with one reference (evicting the oldest cached one if need be), or throw when none is left. */
  allocate(): number {
    const block = this.#free.pop() ?? this.#evictOldest();
    this.#refs[block] = 1;
    return block;
  }

  /** Give every cached block back to the free list, its content forgotten. */
  evictAll(): void {
    while (this.#cached.size > 0) this.#free.push(this.#evictOldest());
  }

  refCount(block: number): number {
    return this.#refs[this.#check(block)]!;
  }

  /** Add a reference: a shared block, or a cached block claimed back. */
  retain(block: number): void {
    if (this.#refs[this.#check(block)] === 0 && !this.#cached.delete(block))
      throw new Error(`block ${block} is free and cannot be shared`);
    this.#refs[block]!++;
  }

  /** Drop one reference; with none left the block is cached if the keeper keeps it, or else free. */
  release(block: number): void {
    if (this.#refs[this.#check(block)] === 0) throw new Error(`block ${block} is already free`);
    if (--this.#refs[block]! > 0) return;
    if (this.keeper?.keeps(block)) this.#cached.add(block);
    else this.#free.push(block);
  }

  #evictOldest(): number {
    const [block] = this.#cached;
    if (block === undefined) throw new KvCacheFullError(this.numBlocks);
    this.#cached.delete(block);
    this.keeper?.evicted(block);
    return block;
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
