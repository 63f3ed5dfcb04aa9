import { describe, expect, it } from 'vitest';
import { PagedKvCache, RELEASED_BLOCK } from '../kv/paged-kv-cache';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { kvCacheState } from './kv-state';

describe('kvCacheState', () => {
  it('reports the page table, blocks in use and bytes per token of a growing sequence', () => {
    const cache = new PagedKvCache({ numBlocks: 8, blockSize: 4 });
    const other = cache.create();
    cache.append(other, 2);
    const seq = cache.create();
    cache.append(seq, 6);
    const state = kvCacheState(cache, seq, TEST_CONFIG);
    expect(state).toEqual({
      blockSize: 4,
      numBlocks: 8,
      blocksInUse: 3,
      cacheLayers: [0, 1],
      pageTable: [1, 2],
      tokens: 6,
      // 2 layers × (key + value) × K=2 heads × H=16 × 4 bytes.
      bytesPerToken: 2 * 2 * 2 * 16 * 4,
    });
    cache.append(seq, 1);
    expect(state.pageTable).toEqual([1, 2]); // a copy: later appends leave an earlier state alone
  });

  it('shows released blocks and one cache per group of layers sharing it', () => {
    const config = { ...TEST_CONFIG, kvShareGroup: 2 };
    const cache = new PagedKvCache({ numBlocks: 8, blockSize: 4 });
    const seq = cache.create();
    cache.append(seq, 10);
    cache.releaseBefore(seq, 8);
    const state = kvCacheState(cache, seq, config);
    expect(state.pageTable).toEqual([RELEASED_BLOCK, RELEASED_BLOCK, 2]);
    expect(state.blocksInUse).toBe(1);
    expect(state.cacheLayers).toEqual([0]);
    expect(state.bytesPerToken).toBe(2 * 2 * 16 * 4);
  });
});
