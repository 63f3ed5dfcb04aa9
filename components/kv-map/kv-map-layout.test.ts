import { describe, expect, it } from 'vitest';
import { RELEASED_BLOCK, type KvCacheState } from '@engine/index';
import {
  blockContents,
  blocksPerRow,
  CELL,
  describeKvMap,
  GAP,
  GROUP_GAP,
  kvMapRows,
  kvTotals,
  LABEL_WIDTH,
  mapLayout,
} from './kv-map-layout';

// 10 tokens in blocks of 4: blocks 2 and 0 full, block 5 with two tokens; 3 layers, 6 144 bytes per token.
const state: KvCacheState = {
  blockSize: 4,
  numBlocks: 6,
  blocksInUse: 3,
  cacheLayers: [0, 1, 2],
  pageTable: [2, 0, 5],
  tokens: 10,
  bytesPerToken: 6144,
};

describe('the KV memory map', () => {
  it('reads what each physical block holds from the page table', () => {
    expect([...blockContents(state)].sort((a, b) => a[0] - b[0])).toEqual([
      [0, { logical: 1, tokens: 4 }],
      [2, { logical: 0, tokens: 4 }],
      [5, { logical: 2, tokens: 2 }],
    ]);
  });

  it('lays out one cell per block for every layer, wrapping rows within each layer', () => {
    const layout = mapLayout(state, 4);
    expect(layout.cells).toHaveLength(18);
    const pitch = CELL + GAP;
    const groupHeight = 2 * pitch - GAP; // six blocks at most four to a row: two rows of three
    expect(layout.groups).toEqual([
      { layer: 0, y: 0 },
      { layer: 1, y: groupHeight + GROUP_GAP },
      { layer: 2, y: 2 * (groupHeight + GROUP_GAP) },
    ]);
    const layer1 = layout.cells.filter((c) => c.layer === 1);
    expect(layer1.map((c) => c.fraction)).toEqual([1, 0, 1, 0, 0, 0.5]);
    expect(layer1.map((c) => c.logical)).toEqual([1, undefined, 0, undefined, undefined, 2]);
    // Block 5 sits last in the second row of layer 1's group.
    expect(layer1[5]).toMatchObject({ x: LABEL_WIDTH + 2 * pitch, y: groupHeight + GROUP_GAP + pitch });
    expect(layout.width).toBe(LABEL_WIDTH + 3 * pitch - GAP);
    expect(layout.height).toBe(3 * groupHeight + 2 * GROUP_GAP);
  });

  it('keeps one row when the pool is narrower than a row, and fits rows to a width', () => {
    expect(mapLayout(state, 16).width).toBe(LABEL_WIDTH + 6 * (CELL + GAP) - GAP);
    expect(blocksPerRow(LABEL_WIDTH + 10 * (CELL + GAP) - GAP)).toBe(10);
    expect(blocksPerRow(40)).toBe(4);
  });

  it('leaves released blocks empty and an empty cache all free', () => {
    const released = mapLayout({ ...state, pageTable: [RELEASED_BLOCK, 0, 5] }, 6);
    expect(released.cells.filter((c) => c.layer === 0).map((c) => c.tokens)).toEqual([4, 0, 0, 0, 0, 2]);
    const empty = mapLayout({ ...state, pageTable: [], tokens: 0 }, 6);
    expect(empty.cells.every((c) => c.tokens === 0 && c.logical === undefined)).toBe(true);
  });

  it('counts bytes of tokens and of whole blocks, and the slots not yet written', () => {
    expect(kvTotals(state)).toEqual({
      blocks: 3,
      tokenBytes: 10 * 6144,
      blockBytes: 12 * 6144,
      unusedSlots: 2,
    });
  });

  it('says what the map shows, and lists each block the sequence holds', () => {
    expect(describeKvMap(state, 7)).toBe(
      "The cache holds 10 tokens (7 from the prompt) in 3 of the pool's 6 blocks of 4 tokens, the same blocks in " +
        "each of 3 layers' caches: 2 full; the last holds 2 of its 4 slots. At 6,144 bytes per token (keys and " +
        'values of every layer, f32) the tokens take 61.4 kB; their blocks reserve 73.7 kB, 2 slots not yet written.',
    );
    expect(describeKvMap(undefined, 0)).toMatch(/^The cache is empty/);
    expect(kvMapRows(state)).toEqual([
      ['0', '2', '4 of 4', '0–3', '24.6 kB'],
      ['1', '0', '4 of 4', '4–7', '24.6 kB'],
      ['2', '5', '2 of 4', '8–9', '12.3 kB'],
    ]);
  });
});
