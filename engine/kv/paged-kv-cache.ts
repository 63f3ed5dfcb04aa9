/**
 * Paged KV cache bookkeeping: a page table per sequence over a shared block pool. It decides where each new
 * token's keys and values go and when a shared block must be copied first; it holds no K or V data itself (the
 * backends own that memory and follow the slots and copies returned here). Block size is a parameter; a block
 * as long as the longest sequence is contiguous allocation.
 */
import { BlockPool } from './block-pool';
import { PrefixIndex, ROOT_NODE } from './prefix-index';

/** A page-table entry whose block went back to the pool (behind a sliding window); it is never read again. */
export const RELEASED_BLOCK = -1;

/** A block copy the backend must perform before writing: copy-on-write of a shared, partly filled block. */
export interface BlockCopy {
  src: number;
  dst: number;
  /** Token slots at the start of the block that hold data. */
  tokens: number;
}

export interface AppendPlan {
  /** Physical slot (block × blockSize + offset) for each appended token, in order. */
  slots: number[];
  /** Copies to do before the writes. */
  copies: BlockCopy[];
}

export interface KvCacheStats {
  blocksUsed: number;
  blocksFree: number;
  /** Tokens stored across sequences, counting a shared block's tokens once per block. */
  tokensStored: number;
  /** Slots in used blocks that hold no token: internal fragmentation. */
  reservedUnused: number;
  /** Blocks no sequence holds, kept by the prefix cache for their content (counted in blocksFree too). */
  blocksCached: number;
}

/** A new sequence started from the prefix cache. */
export interface CachedStart {
  seq: number;
  /** Tokens at the start of the prompt found in the cache: the sequence already holds them. */
  cached: number;
}

interface Sequence {
  blocks: number[];
  length: number;
  /** The tokens written, while every append named them (needed to name full blocks for the prefix cache). */
  tokens: number[] | undefined;
  /** The prefix cache's node of each full block named so far, from the first. */
  nodes: number[];
}

export class PagedKvCache {
  readonly blockSize: number;
  readonly pool: BlockPool;
  readonly #sequences = new Map<number, Sequence>();
  #nextId = 0;
  #prefixes: PrefixIndex | undefined;

  constructor({ numBlocks, blockSize }: { numBlocks: number; blockSize: number }) {
    if (!Number.isInteger(blockSize) || blockSize < 1)
      throw new Error(`blockSize must be a positive integer, got ${blockSize}`);
    this.blockSize = blockSize;
    this.pool = new BlockPool(numBlocks);
  }

  /** Start an empty sequence and return its id. */
  create(): number {
    const id = this.#nextId++;
    this.#sequences.set(id, { blocks: [], length: 0, tokens: [], nodes: [] });
    return id;
  }

  /** Whether full blocks are named and kept for reuse. */
  get prefixCaching(): boolean {
    return this.#prefixes !== undefined;
  }

  /**
   * Turn the prefix cache on or off. Off forgets every name and frees every cached block; on starts empty, naming
   * full blocks as `commit` is called.
   */
  setPrefixCaching(on: boolean): void {
    if (on === this.prefixCaching) return;
    if (on) {
      const index = new PrefixIndex();
      this.#prefixes = index;
      this.pool.keeper = { keeps: (block) => index.has(block), evicted: (block) => index.drop(block) };
      return;
    }
    this.pool.evictAll();
    this.pool.keeper = undefined;
    this.#prefixes = undefined;
    for (const seq of this.#sequences.values()) seq.nodes = [];
  }

  /**
   * A new sequence for a prompt, holding the longest run of its full blocks the prefix cache has (each shared,
   * its count raised), up to one token short of the prompt so that a step is left to give the next token's logits.
   * Without prefix caching it holds nothing.
   */
  createCached(prompt: readonly number[]): CachedStart {
    const seq = this.create();
    const index = this.#prefixes;
    if (!index) return { seq, cached: 0 };
    const s = this.#get(seq);
    for (let i = 0; (i + 1) * this.blockSize < prompt.length; i++) {
      const found = index.find(
        s.nodes.at(-1) ?? ROOT_NODE,
        prompt.slice(i * this.blockSize, (i + 1) * this.blockSize),
      );
      if (!found) break;
      this.pool.retain(found.block);
      s.blocks.push(found.block);
      s.nodes.push(found.node);
    }
    s.length = s.blocks.length * this.blockSize;
    s.tokens = prompt.slice(0, s.length);
    return { seq, cached: s.length };
  }

  /**
   * Name the full blocks of `id` written since the last commit, so later prompts can find them. Call once their keys
   * and values are in the cache (after the step that wrote them). Does nothing without prefix caching, or for a
   * sequence whose tokens are not all known.
   */
  commit(id: number): void {
    const index = this.#prefixes;
    const seq = this.#get(id);
    if (!index || !seq.tokens) return;
    for (let i = seq.nodes.length; (i + 1) * this.blockSize <= seq.length; i++) {
      const block = seq.blocks[i]!;
      if (block === RELEASED_BLOCK) return;
      const tokens = seq.tokens.slice(i * this.blockSize, (i + 1) * this.blockSize);
      seq.nodes.push(index.add(seq.nodes.at(-1) ?? ROOT_NODE, tokens, block));
    }
  }

  /** Sequences currently held. */
  ids(): number[] {
    return [...this.#sequences.keys()];
  }

  length(id: number): number {
    return this.#get(id).length;
  }

  /** The sequence's page table: logical block i lives in physical block pageTable[i], or was released. */
  pageTable(id: number): readonly number[] {
    return this.#get(id).blocks;
  }

  /** Physical slot of logical position `pos` of a sequence. */
  slot(id: number, pos: number): number {
    const seq = this.#get(id);
    if (pos < 0 || pos >= seq.length)
      throw new Error(`position ${pos} is outside sequence ${id} of length ${seq.length}`);
    const block = seq.blocks[Math.floor(pos / this.blockSize)]!;
    if (block === RELEASED_BLOCK) throw new Error(`position ${pos} of sequence ${id} was released`);
    return block * this.blockSize + (pos % this.blockSize);
  }

  /** Blocks needed to append `count` tokens to sequence `id` (copy-on-write included). */
  blocksNeeded(id: number, count: number): number {
    const seq = this.#get(id);
    const fresh = Math.ceil((seq.length + count) / this.blockSize) - seq.blocks.length;
    return fresh + (this.#mustCopyLast(seq, count) ? 1 : 0);
  }

  /** As `append`, naming the tokens, so that the prefix cache can name the blocks they fill. */
  appendTokens(id: number, tokens: readonly number[]): AppendPlan {
    const plan = this.#reserve(id, tokens.length);
    this.#get(id).tokens?.push(...tokens);
    return plan;
  }

  /**
   * Reserve slots for `count` new tokens. If the last block is shared and partly filled, it is first replaced by a
   * private copy, so the write cannot change another sequence's data; a partly filled last block the prefix cache
   * still names (cut back by `truncate`) loses its name before it is written. Throws, changing nothing, if the pool
   * has too few free blocks. The tokens are unnamed: the prefix cache does not name what follows.
   */
  append(id: number, count: number): AppendPlan {
    const plan = this.#reserve(id, count);
    this.#get(id).tokens = undefined;
    return plan;
  }

  #reserve(id: number, count: number): AppendPlan {
    const seq = this.#get(id);
    if (!Number.isInteger(count) || count < 0) throw new Error(`cannot append ${count} tokens`);
    const needed = this.blocksNeeded(id, count);
    if (needed > this.pool.freeCount) {
      throw new Error(
        `appending ${count} tokens needs ${needed} free blocks; ${this.pool.freeCount} are free`,
      );
    }
    const copies: BlockCopy[] = [];
    if (this.#mustCopyLast(seq, count)) {
      const src = seq.blocks[seq.blocks.length - 1]!;
      const dst = this.pool.allocate();
      copies.push({ src, dst, tokens: seq.length % this.blockSize });
      this.pool.release(src);
      seq.blocks[seq.blocks.length - 1] = dst;
    } else if (count > 0 && seq.length % this.blockSize !== 0) {
      this.#prefixes?.drop(seq.blocks[seq.blocks.length - 1]!);
    }
    const slots: number[] = [];
    for (let i = 0; i < count; i++) {
      const pos = seq.length + i;
      if (pos % this.blockSize === 0) seq.blocks.push(this.pool.allocate());
      slots.push(seq.blocks[Math.floor(pos / this.blockSize)]! * this.blockSize + (pos % this.blockSize));
    }
    seq.length += count;
    return { slots, copies };
  }

  /** A new sequence sharing every block of `id` (parallel sampling, beam search, a shared prompt). */
  fork(id: number): number {
    const parent = this.#get(id);
    for (const block of held(parent)) this.pool.retain(block);
    const child = this.create();
    this.#sequences.set(child, {
      blocks: [...parent.blocks],
      length: parent.length,
      tokens: parent.tokens && [...parent.tokens],
      nodes: [...parent.nodes],
    });
    return child;
  }

  /** Drop a sequence, returning blocks no other sequence uses to the pool. */
  free(id: number): void {
    for (const block of held(this.#get(id))) this.pool.release(block);
    this.#sequences.delete(id);
  }

  /**
   * Give up the blocks that hold only positions before `position` (a sliding window has moved past them): each
   * drops this sequence's reference, so a block returns to the pool unless a fork still holds it. Their page-table
   * entries become RELEASED_BLOCK. Returns how many references were dropped.
   */
  releaseBefore(id: number, position: number): number {
    const seq = this.#get(id);
    const whole = Math.min(Math.floor(position / this.blockSize), Math.floor(seq.length / this.blockSize));
    let released = 0;
    for (let i = 0; i < whole; i++) {
      const block = seq.blocks[i]!;
      if (block === RELEASED_BLOCK) continue;
      this.pool.release(block);
      seq.blocks[i] = RELEASED_BLOCK;
      released++;
    }
    return released;
  }

  /**
   * Cut sequence `id` back to its first `length` positions (speculative decoding's rejected draft): the blocks wholly
   * past the new end drop this sequence's reference, so each returns to the pool unless a fork still holds it. A
   * block partly kept stays; if it is shared, the next append copies it first, as for any shared partial block.
   */
  truncate(id: number, length: number): void {
    const seq = this.#get(id);
    if (!Number.isInteger(length) || length < 0 || length > seq.length)
      throw new Error(`cannot cut sequence ${id} of length ${seq.length} to ${length}`);
    const keep = Math.ceil(length / this.blockSize);
    if (keep > 0 && seq.blocks[keep - 1] === RELEASED_BLOCK)
      throw new Error(`position ${length - 1} of sequence ${id} was released: it cannot be the new end`);
    for (const block of seq.blocks.splice(keep)) if (block !== RELEASED_BLOCK) this.pool.release(block);
    seq.length = length;
    seq.tokens?.splice(length);
    seq.nodes.splice(Math.floor(length / this.blockSize));
  }

  stats(): KvCacheStats {
    const filled = new Map<number, number>();
    for (const seq of this.#sequences.values()) {
      seq.blocks.forEach((block, i) => {
        if (block === RELEASED_BLOCK) return;
        const tokens = Math.min(this.blockSize, seq.length - i * this.blockSize);
        filled.set(block, Math.max(filled.get(block) ?? 0, tokens));
      });
    }
    const tokensStored = [...filled.values()].reduce((a, b) => a + b, 0);
    return {
      blocksUsed: this.pool.usedCount,
      blocksFree: this.pool.freeCount,
      tokensStored,
      reservedUnused: this.pool.usedCount * this.blockSize - tokensStored,
      blocksCached: this.pool.cached().length,
    };
  }

  #mustCopyLast(seq: Sequence, count: number): boolean {
    const partial = seq.length % this.blockSize !== 0;
    const last = seq.blocks[seq.blocks.length - 1];
    return (
      count > 0 && partial && last !== undefined && last !== RELEASED_BLOCK && this.pool.refCount(last) > 1
    );
  }

  #get(id: number): Sequence {
    const seq = this.#sequences.get(id);
    if (!seq) throw new Error(`no sequence ${id} in the KV cache`);
    return seq;
  }
}

/** The blocks a sequence still holds a reference to. */
function held(seq: Sequence): number[] {
  return seq.blocks.filter((block) => block !== RELEASED_BLOCK);
}
