/**
 * Page tables for a decode batch in a pool that has been churned: B sequences of S tokens each hold ⌈S / blockSize⌉
 * blocks, and which physical block backs which logical block is a seeded shuffle of the pool, as it is after many
 * requests have come and gone (a fresh pool would hand out neighbouring blocks). The layout the attention kernels
 * read (engine/cpu/attention.ts): one flat list of block numbers, each sequence's table starting at tableStart[b].
 * What it is not: the allocator (kv/paged-kv-cache.ts); nothing here is shared, copied or released.
 */
import { Random } from '../model/random';

export interface ScatteredPageTables {
  /** Blocks in the pool: exactly the batch's, B · ⌈S / blockSize⌉. */
  numBlocks: number;
  pageTables: Int32Array; // (B · ⌈S / blockSize⌉) block numbers, sequence by sequence
  tableStart: Int32Array; // (B) where each sequence's table starts in pageTables
}

/** The batch's tables with every block of the pool used once, in a seeded random order. */
export function scatteredPageTables(
  B: number,
  S: number,
  blockSize: number,
  seed: number,
): ScatteredPageTables {
  const perSequence = Math.ceil(S / blockSize);
  const numBlocks = B * perSequence;
  const pageTables = Int32Array.from({ length: numBlocks }, (_, i) => i);
  // Fisher–Yates: every order of the pool's blocks is equally likely.
  const rng = new Random(seed);
  for (let i = numBlocks - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pageTables[i], pageTables[j]] = [pageTables[j]!, pageTables[i]!];
  }
  const tableStart = Int32Array.from({ length: B }, (_, b) => b * perSequence);
  return { numBlocks, pageTables, tableStart };
}
