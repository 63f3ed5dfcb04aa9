// Prefix caching on a CPU runner with synthetic weights: requests sharing a system prompt generate exactly what they
// generate without the cache, while the later ones compute only their own tails and hold fewer blocks in all.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache } from '../kv/paged-kv-cache';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { ModelRunner } from '../model-runner';
import { serveSharedPrefix, type PrefixRequest } from './prefix-sharing';

const shape = { numBlocks: 64, blockSize: 4, maxTokens: 32, maxLogitRows: 4 };
const system = Array.from({ length: 13 }, (_, i) => (i * 7 + 3) % TEST_CONFIG.vocabSize);
const requests: PrefixRequest[] = [
  [5, 9, 2],
  [8, 1],
  [4, 4, 6, 30, 2, 11],
].map((tail) => ({ prompt: [...system, ...tail], maxNewTokens: 6 }));

describe('serveSharedPrefix', () => {
  it('generates what uncached serving generates, computing only each later request its tail and sharing the prefix', async () => {
    const runner = new ModelRunner(
      new CpuBackend(TEST_CONFIG, syntheticWeights(TEST_CONFIG, 3), shape),
      new PagedKvCache(shape),
      TEST_CONFIG,
    );
    const plain = await serveSharedPrefix(runner, requests, { prefixCaching: false });
    const cached = await serveSharedPrefix(runner, requests, { prefixCaching: true });
    expect(cached.served.map((s) => s.tokens)).toEqual(plain.served.map((s) => s.tokens));
    expect(plain.served.map((s) => s.cached)).toEqual([0, 0, 0]);
    // The system prompt's three full blocks (12 of its 13 tokens) are found by both later requests.
    expect(cached.served.map((s) => s.cached)).toEqual([0, 12, 12]);
    expect(cached.served.map((s) => s.computed)).toEqual([16, 3, 7]);
    const prefixBlocks = cached.served[0]!.pageTable.slice(0, 3);
    for (const s of cached.served) expect(s.pageTable.slice(0, 3)).toEqual(prefixBlocks);
    expect(cached.blocksShared).toBe(3);
    expect(plain.blocksShared).toBe(0);
    expect(plain.blocksHeld - cached.blocksHeld).toBe(6);
    // Everything went back to the pool, and the cache is off again.
    expect(runner.cache.pool.freeCount).toBe(shape.numBlocks);
    expect(runner.cache.pool.cached()).toEqual([]);
    expect(runner.cache.prefixCaching).toBe(false);
  });
});
