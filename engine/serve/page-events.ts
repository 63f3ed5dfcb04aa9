/**
 * What one operation did to the paged KV cache, read from the pool and page tables before and after it: blocks
 * taken from the free list, claimed back from the prefix cache, evicted from it for new content, shared (a count
 * raised), copied before a write (copy-on-write), or let go. A plain, cloneable view for the page-table widget.
 */

/** The paged cache at one moment: each physical block's reference count, the cached blocks, each page table. */
export interface PagesView {
  /** Reference count of each physical block. */
  refs: number[];
  /** Blocks no sequence holds that the prefix cache keeps, least recently released first. */
  cached: number[];
  sequences: SequencePages[];
}

export interface SequencePages {
  /** The cache's sequence id. */
  seq: number;
  name: string;
  /** Logical block i lives in physical block table[i]. */
  table: number[];
  /** Tokens held. */
  length: number;
}

/** The operations a trace steps through. */
export type PageOperation = 'lookup' | 'step' | 'fork' | 'free';

export type PageEvent =
  | { kind: 'allocate' | 'evict' | 'hit' | 'share'; block: number; sequence: string }
  | { kind: 'release'; block: number; sequence: string; cached: boolean }
  | { kind: 'copy'; src: number; dst: number; sequence: string };

/** The events that turn `before` into `after`, where `operation` is what ran between them. */
export function pageEvents(before: PagesView, after: PagesView, operation: PageOperation): PageEvent[] {
  const events: PageEvent[] = [];
  const tables = new Map(before.sequences.map((s) => [s.seq, s]));
  for (const { seq, name: sequence, table } of after.sequences) {
    const was = tables.get(seq)?.table ?? [];
    table.forEach((block, i) => {
      const old = was[i];
      if (old === block) return;
      if (old !== undefined) events.push({ kind: 'copy', src: old, dst: block, sequence });
      else events.push({ kind: arrival(before, block, operation), block, sequence });
    });
    tables.delete(seq);
  }
  for (const { name: sequence, table } of tables.values()) {
    for (const block of table)
      events.push({ kind: 'release', block, sequence, cached: after.cached.includes(block) });
  }
  return events;
}

/** How `block` came to a page table: held already, kept by the cache, or taken for new content. */
function arrival(
  before: PagesView,
  block: number,
  operation: PageOperation,
): 'allocate' | 'evict' | 'hit' | 'share' {
  if (before.refs[block]! > 0) return 'share';
  if (!before.cached.includes(block)) return 'allocate';
  return operation === 'lookup' ? 'hit' : 'evict';
}
