import { describe, expect, it } from 'vitest';
import { Random } from '../model/random';
import { PagedKvCache } from './paged-kv-cache';

/** A cache with prefix caching on and `tokens` written into a new sequence and named. */
function cacheWith(numBlocks: number, blockSize: number, ...prompts: number[][]) {
  const cache = new PagedKvCache({ numBlocks, blockSize });
  cache.setPrefixCaching(true);
  const seqs = prompts.map((prompt) => {
    const seq = cache.create();
    cache.appendTokens(seq, prompt);
    cache.commit(seq);
    return seq;
  });
  return { cache, seqs };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('prefix caching', () => {
  it("finds a prompt's full blocks, shared with their counts raised, leaving at least one token to compute", () => {
    const { cache, seqs } = cacheWith(16, 4, range(0, 10));
    const hit = cache.createCached([...range(0, 9), 99, 98]);
    expect(hit.cached).toBe(8);
    expect(cache.pageTable(hit.seq)).toEqual(cache.pageTable(seqs[0]!).slice(0, 2));
    expect(cache.pool.refCount(cache.pageTable(seqs[0]!)[0]!)).toBe(2);
    // The whole prompt is cached, but its last token must still run: only the first block is taken.
    expect(cache.createCached(range(0, 8)).cached).toBe(4);
    // A block is found only after the same block before it: the same tokens at another offset miss.
    expect(cache.createCached([...range(4, 8), ...range(4, 8), 0]).cached).toBe(0);
    // Nothing is found before commit names the blocks.
    const fresh = cache.create();
    cache.appendTokens(fresh, range(50, 58));
    expect(cache.createCached([...range(50, 58), 1]).cached).toBe(0);
  });

  it('keeps freed named blocks cached, claims them back, and evicts the least recently released first', () => {
    const { cache, seqs } = cacheWith(4, 2, [1, 2, 3, 4], [5, 6, 7]);
    const [a, b] = seqs as [number, number];
    const [a0, a1] = cache.pageTable(a) as [number, number];
    const [b0, b1] = cache.pageTable(b) as [number, number];
    cache.free(a);
    cache.free(b);
    // b's partly filled block was never named: it is free; a's two and b's first are cached, oldest first.
    expect(cache.pool.cached()).toEqual([a0, a1, b0]);
    expect(cache.pool.freeCount).toBe(4);
    expect(cache.stats()).toMatchObject({ blocksUsed: 0, blocksCached: 3 });
    const again = cache.createCached([1, 2, 3, 4, 9]);
    expect(again.cached).toBe(4);
    expect(cache.pageTable(again.seq)).toEqual([a0, a1]);
    expect(cache.pool.cached()).toEqual([b0]);
    // A new sequence takes the free block first, then evicts the oldest cached one: b's prompt is forgotten.
    const c = cache.create();
    expect(new Set(cache.append(c, 4).slots.map((slot) => Math.floor(slot / 2)))).toEqual(new Set([b1, b0]));
    cache.free(c);
    expect(cache.createCached([5, 6, 7]).cached).toBe(0);
  });

  it('unnames a block cut back and written again, so a later prompt never finds the new tokens', () => {
    const { cache, seqs } = cacheWith(8, 4, range(0, 8));
    const a = seqs[0]!;
    cache.truncate(a, 6);
    cache.appendTokens(a, [70, 71]);
    cache.commit(a);
    expect(cache.createCached([...range(0, 8), 1]).cached).toBe(4);
    expect(cache.createCached([...range(0, 6), 70, 71, 1]).cached).toBe(8);
  });

  it('turned off, frees every cached block and finds nothing', () => {
    const { cache, seqs } = cacheWith(8, 4, range(0, 9));
    cache.free(seqs[0]!);
    expect(cache.pool.cached()).toHaveLength(2);
    cache.setPrefixCaching(false);
    expect(cache.pool.cached()).toEqual([]);
    expect(cache.pool.freeCount).toBe(8);
    expect(cache.createCached(range(0, 9)).cached).toBe(0);
  });

  it('keeps every count and every read right under thousands of random requests, forks, cuts and frees', () => {
    for (const blockSize of [1, 2, 4, 7]) {
      const rng = new Random(100 + blockSize);
      const numBlocks = 20;
      const cache = new PagedKvCache({ numBlocks, blockSize });
      cache.setPrefixCaching(true);
      // What a model writes at a position depends on every token up to it: the slot holds that whole prefix.
      const storage = new Array<string | undefined>(numBlocks * blockSize);
      const history = new Map<number, number[]>();
      // Prompts drawn from a few shared stems, so that the cache is hit.
      const stems = Array.from({ length: 3 }, () => Array.from({ length: 12 }, () => rng.int(5)));
      let hits = 0;
      let evictions = 0;
      // As a step of the model does: write each new token's prefix into its slot, then name the full blocks.
      const write = (id: number, tokens: number[]) => {
        if (cache.blocksNeeded(id, tokens.length) > cache.pool.freeCount) return;
        const cachedBefore = cache.pool.cached();
        const { slots, copies } = cache.appendTokens(id, tokens);
        for (const { src, dst, tokens: n } of copies)
          for (let j = 0; j < n; j++) storage[dst * blockSize + j] = storage[src * blockSize + j];
        const seqTokens = history.get(id)!;
        slots.forEach((slot, i) => {
          seqTokens.push(tokens[i]!);
          storage[slot] = seqTokens.join(',');
        });
        cache.commit(id);
        evictions += cachedBefore.filter((b) => !cache.pool.cached().includes(b)).length;
      };
      for (let step = 0; step < 2000; step++) {
        const ids = [...history.keys()];
        const pick = ids[rng.int(ids.length)];
        const op = rng.next();
        if (pick === undefined || op < 0.15) {
          const stem = stems[rng.int(stems.length)]!.slice(0, 1 + rng.int(12));
          const prompt = [...stem, ...Array.from({ length: rng.int(4) }, () => rng.int(5))];
          const { seq, cached } = cache.createCached(prompt);
          expect(cached).toBeLessThan(prompt.length);
          hits += cached;
          history.set(seq, prompt.slice(0, cached));
          write(seq, prompt.slice(cached));
        } else if (op < 0.25) {
          history.set(cache.fork(pick), [...history.get(pick)!]);
        } else if (op < 0.38) {
          cache.free(pick);
          history.delete(pick);
        } else if (op < 0.48) {
          const keep = rng.int(cache.length(pick) + 1);
          cache.truncate(pick, keep);
          history.get(pick)!.splice(keep);
        } else if (cache.length(pick) < 40) {
          write(
            pick,
            Array.from({ length: 1 + rng.int(5) }, () => rng.int(5)),
          );
        }
        // Every position reads what the sequence's own tokens would have written there (all of them now and then).
        for (const [id, tokens] of history) {
          if (id !== pick && step % 50 !== 0) continue;
          expect(cache.length(id)).toBe(tokens.length);
          let prefix = '';
          tokens.forEach((token, p) => {
            prefix = p === 0 ? `${token}` : `${prefix},${token}`;
            expect(storage[cache.slot(id, p)]).toBe(prefix);
          });
        }
        // Counts equal the page tables holding each block; a cached block is held by none; nothing is lost.
        const holders = new Map<number, number>();
        for (const id of history.keys())
          for (const block of cache.pageTable(id)) holders.set(block, (holders.get(block) ?? 0) + 1);
        for (const [block, count] of holders) expect(cache.pool.refCount(block)).toBe(count);
        for (const block of cache.pool.cached()) {
          expect(holders.has(block)).toBe(false);
          expect(cache.pool.refCount(block)).toBe(0);
        }
        expect(cache.pool.usedCount).toBe(holders.size);
      }
      expect(hits).toBeGreaterThan(0);
      expect(evictions).toBeGreaterThan(0);
      for (const id of history.keys()) cache.free(id);
      expect(cache.pool.usedCount).toBe(0);
      cache.setPrefixCaching(false);
      expect(cache.pool.freeCount).toBe(numBlocks);
    }
  }, 60_000);
});
