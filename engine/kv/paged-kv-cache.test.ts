import { describe, expect, it } from 'vitest';
import { Random } from '../model/random';
import { KvCacheFullError } from './block-pool';
import { PagedKvCache, RELEASED_BLOCK } from './paged-kv-cache';

describe('PagedKvCache', () => {
  it('maps positions through the page table', () => {
    const cache = new PagedKvCache({ numBlocks: 8, blockSize: 4 });
    const a = cache.create();
    const b = cache.create();
    expect(cache.append(a, 3).slots).toEqual([0, 1, 2]);
    expect(cache.append(b, 5).slots).toEqual([4, 5, 6, 7, 8]);
    expect(cache.append(a, 2).slots).toEqual([3, 12]);
    expect(cache.pageTable(a)).toEqual([0, 3]);
    expect(cache.slot(a, 4)).toBe(12);
    expect(cache.stats()).toEqual({
      blocksUsed: 4,
      blocksFree: 4,
      tokensStored: 10,
      reservedUnused: 6,
      blocksCached: 0,
    });
  });

  it('treats one block per sequence as contiguous allocation', () => {
    const cache = new PagedKvCache({ numBlocks: 2, blockSize: 1024 });
    const a = cache.create();
    cache.append(a, 10);
    expect(cache.stats().reservedUnused).toBe(1014);
  });

  it('copies a shared partial block before writing to it, and only once', () => {
    const cache = new PagedKvCache({ numBlocks: 8, blockSize: 4 });
    const a = cache.create();
    cache.append(a, 6);
    const b = cache.fork(a);
    expect(cache.pool.refCount(1)).toBe(2);
    const plan = cache.append(b, 1);
    expect(plan.copies).toEqual([{ src: 1, dst: 2, tokens: 2 }]);
    expect(plan.slots).toEqual([10]);
    expect(cache.pageTable(a)).toEqual([0, 1]);
    expect(cache.pageTable(b)).toEqual([0, 2]);
    expect(cache.append(a, 1)).toEqual({ slots: [6], copies: [] });
  });

  it('refuses an append the pool cannot hold, changing nothing', () => {
    const cache = new PagedKvCache({ numBlocks: 2, blockSize: 4 });
    const a = cache.create();
    cache.append(a, 7);
    expect(() => cache.append(a, 2)).toThrow('needs 1 free blocks; 0 are free');
    expect(cache.length(a)).toBe(7);
    expect(() => cache.pool.allocate()).toThrow(KvCacheFullError);
  });

  it('keeps its invariants under random append, fork, write, free and release behind a window', () => {
    for (const [blockSize, window] of [
      [1, Infinity],
      [3, Infinity],
      [16, Infinity],
      [1, 1],
      [3, 5],
      [16, 20],
    ] as const) {
      const rng = new Random(blockSize);
      const numBlocks = 40;
      const cache = new PagedKvCache({ numBlocks, blockSize });
      const storage = new Array<number | undefined>(numBlocks * blockSize);
      const expected = new Map<number, number[]>();
      let token = 0;
      let copiesMade = 0;
      let released = 0;
      for (let step = 0; step < 600; step++) {
        const ids = [...expected.keys()];
        const pick = ids[rng.int(ids.length)];
        const op = rng.next();
        if (pick === undefined || op < 0.15) {
          expected.set(cache.create(), []);
        } else if (op < 0.3) {
          expected.set(cache.fork(pick), [...expected.get(pick)!]);
        } else if (op < 0.45) {
          cache.free(pick);
          expected.delete(pick);
        } else {
          const count = 1 + rng.int(5);
          if (cache.blocksNeeded(pick, count) > cache.pool.freeCount) continue;
          const { slots, copies } = cache.append(pick, count);
          copiesMade += copies.length;
          for (const { src, dst, tokens } of copies) {
            for (let j = 0; j < tokens; j++) storage[dst * blockSize + j] = storage[src * blockSize + j];
          }
          const written = slots.map(() => token++);
          slots.forEach((slot, i) => (storage[slot] = written[i]));
          expected.get(pick)!.push(...written);
          // As the session does after a step: the next position n reads back to n − W + 1.
          released += cache.releaseBefore(pick, cache.length(pick) - window + 1);
        }
        for (const [id, tokens] of expected) {
          // Every position the next token's window covers still reads exactly what was written to it.
          const n = cache.length(id);
          const first = Math.max(0, n - window + 1);
          const read = Array.from({ length: n - first }, (_, i) => storage[cache.slot(id, first + i)]);
          expect(read).toEqual(tokens.slice(first));
          // A released entry lies wholly behind that window.
          cache.pageTable(id).forEach((block, i) => {
            if (block === RELEASED_BLOCK) expect((i + 1) * blockSize).toBeLessThanOrEqual(first);
          });
        }
        // Reference counts equal the number of page tables holding each block; no table holds a block twice.
        const holders = new Map<number, number>();
        for (const id of expected.keys()) {
          const table = cache.pageTable(id).filter((block) => block !== RELEASED_BLOCK);
          expect(new Set(table).size).toBe(table.length);
          for (const block of table) holders.set(block, (holders.get(block) ?? 0) + 1);
        }
        for (const [block, count] of holders) expect(cache.pool.refCount(block)).toBe(count);
        // Free blocks plus held blocks is the pool.
        expect(cache.pool.freeCount + holders.size).toBe(numBlocks);
      }
      // The run did exercise copy-on-write (a one-token block is never partly filled) and, with a window, release.
      if (blockSize > 1) expect(copiesMade).toBeGreaterThan(0);
      if (window !== Infinity) expect(released).toBeGreaterThan(0);
    }
  }, 30_000); // six runs of 600 random steps, every invariant checked after each

  it('releases only the blocks wholly before a position, once, keeping the rest addressable', () => {
    const cache = new PagedKvCache({ numBlocks: 8, blockSize: 4 });
    const a = cache.create();
    cache.append(a, 14); // blocks 0..3 hold positions 0-3, 4-7, 8-11, 12-13
    expect(cache.releaseBefore(a, 7)).toBe(1); // block 1 still holds position 7
    expect(cache.pageTable(a)).toEqual([RELEASED_BLOCK, 1, 2, 3]);
    expect(cache.pool.freeCount).toBe(5);
    expect(cache.releaseBefore(a, 8)).toBe(1);
    expect(cache.releaseBefore(a, 8)).toBe(0);
    // Past the end: the partly filled last block stays, whatever the position.
    expect(cache.releaseBefore(a, 99)).toBe(1);
    expect(cache.pageTable(a)).toEqual([RELEASED_BLOCK, RELEASED_BLOCK, RELEASED_BLOCK, 3]);
    expect(cache.slot(a, 13)).toBe(13);
    expect(() => cache.slot(a, 11)).toThrow('position 11 of sequence 0 was released');
    expect(cache.stats()).toEqual({
      blocksUsed: 1,
      blocksFree: 7,
      tokensStored: 2,
      reservedUnused: 2,
      blocksCached: 0,
    });
    // Appending goes on from the end, into a released block when one is needed; freeing returns the rest.
    expect(cache.append(a, 3).slots).toEqual([14, 15, 8]);
    cache.free(a);
    expect(cache.pool.freeCount).toBe(8);
  });

  it('keeps a released block for a fork that still holds it; a later fork shares only what remains', () => {
    const cache = new PagedKvCache({ numBlocks: 8, blockSize: 2 });
    const a = cache.create();
    cache.append(a, 5);
    const b = cache.fork(a);
    expect(cache.releaseBefore(a, 4)).toBe(2);
    expect(cache.pool.refCount(0)).toBe(1);
    expect(cache.pool.refCount(1)).toBe(1);
    expect(cache.pool.freeCount).toBe(5); // blocks 0 and 1 are still b's
    expect(cache.pageTable(b)).toEqual([0, 1, 2]);
    expect(cache.releaseBefore(b, 2)).toBe(1);
    expect(cache.pool.freeCount).toBe(6); // block 0 had no holder left
    // A fork of a sequence with released blocks shares only what its parent still holds.
    const c = cache.fork(a);
    expect(cache.pageTable(c)).toEqual([RELEASED_BLOCK, RELEASED_BLOCK, 2]);
    expect(cache.pool.refCount(2)).toBe(3);
  });

  it('cuts a sequence back, returning the blocks past its end unless a fork holds them', () => {
    const cache = new PagedKvCache({ numBlocks: 8, blockSize: 4 });
    const a = cache.create();
    cache.append(a, 10); // blocks 0, 1, 2
    const b = cache.fork(a);
    cache.truncate(a, 5); // keeps blocks 0 and 1 (position 4 is block 1's first)
    expect([cache.length(a), cache.pageTable(a)]).toEqual([5, [0, 1]]);
    expect(cache.pool.refCount(2)).toBe(1); // still b's
    cache.truncate(b, 4);
    expect(cache.pageTable(b)).toEqual([0]);
    expect(cache.pool.freeCount).toBe(6); // block 2 had no holder left; block 1 is a's alone
    // a's block 1 is no longer shared: appending writes in place, after the kept position.
    expect(cache.append(a, 2)).toEqual({ slots: [5, 6], copies: [] });
    cache.truncate(a, 0);
    expect([cache.length(a), cache.pageTable(a)]).toEqual([0, []]);
    expect(() => cache.truncate(a, 1)).toThrow('cannot cut sequence 0 of length 0 to 1');
  });

  it('copies a shared block kept in part before the next write', () => {
    const cache = new PagedKvCache({ numBlocks: 8, blockSize: 4 });
    const a = cache.create();
    cache.append(a, 8);
    const b = cache.fork(a);
    cache.truncate(b, 6); // block 1 is shared with a, whose positions 6 and 7 it still holds
    expect(cache.append(b, 1).copies).toEqual([{ src: 1, dst: 2, tokens: 2 }]);
    expect(cache.pageTable(a)).toEqual([0, 1]);
  });

  it('refuses to end a sequence inside what a sliding window released', () => {
    const cache = new PagedKvCache({ numBlocks: 8, blockSize: 2 });
    const a = cache.create();
    cache.append(a, 6);
    cache.releaseBefore(a, 4);
    expect(() => cache.truncate(a, 3)).toThrow('position 2 of sequence 0 was released');
    cache.truncate(a, 5);
    expect(cache.pageTable(a)).toEqual([RELEASED_BLOCK, RELEASED_BLOCK, 2]);
  });
});
