import { describe, expect, it } from 'vitest';
import { BLOCK_SIZES, mapShape } from './kv-map-run';

describe('the KV memory map run', () => {
  it('sizes the pool to hold the longest sequence in whole blocks', () => {
    expect(BLOCK_SIZES).toEqual([4, 8, 16, 32, 64]);
    expect(mapShape(256, 16)).toEqual({ numBlocks: 16, blockSize: 16, maxTokens: 64, maxLogitRows: 1 });
    expect(mapShape(250, 64).numBlocks).toBe(4);
  });
});
