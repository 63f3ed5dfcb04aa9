import { describe, expect, it } from 'vitest';
import { blockWaste } from './block-waste';

describe('blockWaste', () => {
  it('counts the unfilled tail of each last block and one table entry per block', () => {
    // Sequences of 5, 16 and 17 tokens in blocks of 16 hold 1 + 1 + 2 = 4 blocks, 64 slots for 38 tokens.
    expect(blockWaste([5, 16, 17], 16)).toEqual({
      blockSize: 16,
      tokens: 38,
      blocks: 4,
      wastedSlots: 26,
      wastedShare: 26 / 64,
      tableEntries: 4,
      tableBytes: 16,
    });
    // In blocks of 8: 1 + 2 + 3 = 6 blocks, 48 slots, 10 of them empty (3 + 0 + 7).
    expect(blockWaste([5, 16, 17], 8)).toMatchObject({ blocks: 6, wastedSlots: 10, wastedShare: 10 / 48 });
  });

  it('wastes nothing with blocks of one token, at one table entry per token', () => {
    expect(blockWaste([5, 16, 17], 1)).toMatchObject({ wastedSlots: 0, tableEntries: 38, tableBytes: 152 });
  });

  it('holds a whole block for a sequence shorter than one', () => {
    // Blocks of 128 for 3 tokens: 125 of 128 slots empty.
    expect(blockWaste([3], 128)).toMatchObject({ blocks: 1, wastedSlots: 125, wastedShare: 125 / 128 });
  });

  it('holds nothing for no sequences', () => {
    expect(blockWaste([], 16)).toMatchObject({ tokens: 0, blocks: 0, wastedSlots: 0, wastedShare: 0 });
  });
});
