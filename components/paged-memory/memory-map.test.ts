import { describe, expect, it } from 'vitest';
import { CONTIGUOUS_RUN, FIXTURE_POOL, PAGED_RUN } from './memory-fixture';
import { fullestStep, mapCells } from './memory-map';

const { blockSize } = FIXTURE_POOL;

describe('the memory map’s cells', () => {
  it('lays a paged pool out block by block, each filled in the order its request took it', () => {
    // After step 2, request #2 has written 5 tokens into blocks 2 and then 6.
    const cells = mapCells(PAGED_RUN.steps[1]!.kv, 'paged', blockSize);
    expect(cells.map((c) => [c.start, c.request, c.written])).toEqual([
      [0, 0, 4],
      [4, 0, 3],
      [8, 1, 4],
      [12, 2, 4],
      [16, 2, 2],
      [20, 3, 4],
      [24, 1, 1],
      [28, null, 0],
    ]);
  });

  it('lays a contiguous arena out as its reservations and the holes between them, by address', () => {
    // After step 4, request #4 fills the start of the hole #1 left: 4 free tokens stay between it and #2.
    const cells = mapCells(CONTIGUOUS_RUN.steps[3]!.kv, 'contiguous', blockSize);
    expect(cells).toEqual([
      { start: 0, end: 5, request: 3, written: 3 },
      { start: 5, end: 9, request: null, written: 0 },
      { start: 9, end: 19, request: 1, written: 7 },
      { start: 19, end: 29, request: 2, written: 8 },
      { start: 29, end: 32, request: null, written: 0 },
    ]);
    expect(mapCells({ capacity: 32, owners: [] }, 'contiguous', blockSize)).toEqual([
      { start: 0, end: 32, request: null, written: 0 },
    ]);
  });

  it('covers the whole memory at every step, the held cells what is held and the written what is used', () => {
    for (const run of [CONTIGUOUS_RUN, PAGED_RUN])
      for (const { kv } of run.steps) {
        const cells = mapCells(kv, run.reservation, blockSize);
        const held = cells.filter((c) => c.request !== null);
        cells.forEach((c, i) => expect(c.start).toBe(cells[i - 1]?.end ?? 0));
        expect(cells.at(-1)!.end).toBe(kv.capacity);
        expect(held.reduce((s, c) => s + c.end - c.start, 0)).toBe(kv.held);
        expect(held.reduce((s, c) => s + c.written, 0)).toBe(kv.used);
      }
  });

  it('opens at the step where the contiguous run held the most', () => {
    expect(CONTIGUOUS_RUN.steps.map((s) => s.kv.held)).toEqual([29, 29, 29, 25, 25, 16, 6]);
    expect(fullestStep(CONTIGUOUS_RUN.steps)).toBe(1);
    expect(fullestStep(PAGED_RUN.steps)).toBe(2);
    expect(fullestStep([])).toBe(1);
  });
});
