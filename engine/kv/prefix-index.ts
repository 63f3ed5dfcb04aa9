/**
 * The prefix cache's index (vLLM's automatic prefix caching; Kwon et al. 2023 §4.4 on shared prefixes; Zheng et al.
 * 2024's RadixAttention is the same idea as a tree): a full block's keys and values depend only on the tokens up to
 * its end, so a block is named by its own tokens and the name of the block before it. A request whose prompt starts
 * with named blocks can point its page table at them instead of computing them again.
 *
 * Names are exact, not hashes: each indexed block gets a node number that is never reused, and a block's key is its
 * parent's node number with its tokens. A key cannot collide, and a block whose parent left the index can no longer
 * be reached (lookups walk from the start).
 */

/** The node number of the empty prefix, parent of every first block. */
export const ROOT_NODE = 0;

export interface IndexedBlock {
  /** This block's name as a parent of the next. */
  node: number;
  /** The physical block holding it. */
  block: number;
}

export class PrefixIndex {
  readonly #byKey = new Map<string, IndexedBlock>();
  readonly #keyOfBlock = new Map<number, string>();
  #nextNode = ROOT_NODE + 1;

  /** Blocks indexed. */
  get size(): number {
    return this.#keyOfBlock.size;
  }

  /** The indexed block holding `tokens` right after the block named `parent`. */
  find(parent: number, tokens: readonly number[]): IndexedBlock | undefined {
    return this.#byKey.get(key(parent, tokens));
  }

  /**
   * Name `block`, which holds `tokens` after the block named `parent`, and return its node. When the same content is
   * already indexed in another block, that block's node is returned and `block` stays unnamed.
   */
  add(parent: number, tokens: readonly number[], block: number): number {
    const k = key(parent, tokens);
    const known = this.#byKey.get(k);
    if (known) return known.node;
    if (this.#keyOfBlock.has(block)) throw new Error(`block ${block} is already indexed`);
    const node = this.#nextNode++;
    this.#byKey.set(k, { node, block });
    this.#keyOfBlock.set(block, k);
    return node;
  }

  has(block: number): boolean {
    return this.#keyOfBlock.has(block);
  }

  /** Forget `block` (evicted, or about to be written). */
  drop(block: number): void {
    const k = this.#keyOfBlock.get(block);
    if (k === undefined) return;
    this.#byKey.delete(k);
    this.#keyOfBlock.delete(block);
  }
}

const key = (parent: number, tokens: readonly number[]) => `${parent}:${tokens.join(',')}`;
