import { describe, expect, it } from 'vitest';
import { scatteredPageTables } from './scattered-page-tables';

const BLOCK_SIZES = [1, 2, 4, 8, 16, 32, 64, 128];

/** Every slot the batch's positions read, as the attention kernels compute it. */
function slotsRead(B: number, S: number, blockSize: number, seed: number): number[] {
  const { pageTables, tableStart } = scatteredPageTables(B, S, blockSize, seed);
  const slots: number[] = [];
  for (let b = 0; b < B; b++)
    for (let j = 0; j < S; j++)
      slots.push(pageTables[tableStart[b]! + Math.floor(j / blockSize)]! * blockSize + (j % blockSize));
  return slots;
}

describe('scatteredPageTables', () => {
  it('maps every position of every sequence to a slot of its own inside the pool, at every block size', () => {
    // 100 tokens: a whole number of blocks at sizes 1, 2 and 4 only; the rest end in a part-filled block.
    for (const blockSize of BLOCK_SIZES) {
      const { numBlocks } = scatteredPageTables(3, 100, blockSize, 7);
      expect(numBlocks).toBe(3 * Math.ceil(100 / blockSize));
      const slots = slotsRead(3, 100, blockSize, 7);
      expect(new Set(slots).size).toBe(300);
      expect(Math.min(...slots)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...slots)).toBeLessThan(numBlocks * blockSize);
    }
  });

  it('lays the tables end to end, one per sequence', () => {
    // 3 sequences of 40 tokens in blocks of 16: 3 blocks each.
    const { pageTables, tableStart } = scatteredPageTables(3, 40, 16, 1);
    expect(Array.from(tableStart)).toEqual([0, 3, 6]);
    expect([...pageTables].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('scatters the blocks by the seed, the same way every time', () => {
    const order = (seed: number) => Array.from(scatteredPageTables(4, 64, 4, seed).pageTables);
    expect(order(3)).toEqual(order(3));
    expect(order(3)).not.toEqual(order(4));
    // A shuffled pool of 64 blocks: few neighbours in a table stay neighbours in memory.
    const neighbours = order(3).filter((block, i, all) => i > 0 && block === all[i - 1]! + 1).length;
    expect(neighbours).toBeLessThan(8);
  });
});
