/**
 * BPE on one word (Sennrich et al. 2016): merge the adjacent pair of lowest rank, the leftmost on ties, until no
 * pair has a merge, in the order Hugging Face `tokenizers` applies them (Word::merge_all). A min-heap of
 * (rank, position) over a linked list keeps a long word O(n log n) rather than O(n²).
 */

/** Merge ranks by pair of ids, and the id each merge makes. */
export class MergeTable {
  readonly #ranks = new Map<number, number>();
  readonly #results: number[] = [];
  readonly #stride: number;

  /** `pairs` in rank order, as ids: [left, right, merged], no pair twice. `stride` exceeds every id. */
  constructor(pairs: readonly (readonly [number, number, number])[], stride: number) {
    this.#stride = stride;
    for (const [left, right, merged] of pairs) {
      this.#ranks.set(left * stride + right, this.#results.length);
      this.#results.push(merged);
    }
  }

  rank(left: number, right: number): number | undefined {
    return this.#ranks.get(left * this.#stride + right);
  }

  result(rank: number): number {
    return this.#results[rank] as number;
  }
}

/** The ids of a word after every merge that applies; `symbols` holds its single-character ids. */
export function mergeWord(symbols: readonly number[], table: MergeTable): number[] {
  const n = symbols.length;
  if (n === 0) return [];
  const ids = Int32Array.from(symbols); // -1 once merged into its left neighbour
  const next = Int32Array.from(symbols, (_, i) => (i + 1 < n ? i + 1 : -1));
  const prev = Int32Array.from(symbols, (_, i) => i - 1);
  const heap = new MinHeap(); // rank * n + position of the pair's left symbol
  const offer = (i: number): void => {
    const j = next[i] as number;
    const rank = j < 0 ? undefined : table.rank(ids[i] as number, ids[j] as number);
    if (rank !== undefined) heap.push(rank * n + i);
  };
  for (let i = 0; i < n - 1; i++) offer(i);

  while (heap.size > 0) {
    const top = heap.pop();
    const rank = Math.floor(top / n);
    const i = top - rank * n;
    const j = next[i] as number;
    if (ids[i] === -1 || j < 0 || table.rank(ids[i] as number, ids[j] as number) !== rank) continue; // stale
    ids[i] = table.result(rank);
    ids[j] = -1;
    const after = next[j] as number;
    next[i] = after;
    if (after >= 0) prev[after] = i;
    if ((prev[i] as number) >= 0) offer(prev[i] as number);
    offer(i);
  }

  const out: number[] = [];
  for (let i = 0; i >= 0; i = next[i] as number) out.push(ids[i] as number);
  return out;
}

/** A binary min-heap of numbers. */
class MinHeap {
  readonly #items: number[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(value: number): void {
    const items = this.#items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as number) <= value) break;
      items[i] = items[parent] as number;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.#items;
    const top = items[0] as number;
    const last = items.pop() as number;
    const n = items.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (items[child + 1] as number) < (items[child] as number)) child++;
      if ((items[child] as number) >= last) break;
      items[i] = items[child] as number;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
