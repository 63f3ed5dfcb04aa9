import { describe, expect, it } from 'vitest';
import { ContiguousMemory, PagedMemory } from './kv-memory';

describe('paged KV memory', () => {
  it('takes a block at a time as a sequence grows, from anywhere, and frees them all', () => {
    const memory = new PagedMemory(4, 8);
    expect(memory.hold(1, 5)).toBe(true);
    expect(memory.heldBy(1)).toBe(8);
    expect(memory.hold(1, 9)).toBe(true);
    expect(memory.hold(2, 16)).toBe(true);
    expect([memory.held, memory.largestFree()]).toEqual([32, 0]);
    expect(memory.places()).toEqual(
      new Map([
        [1, { blocks: [0, 1] }],
        [2, { blocks: [2, 3] }],
      ]),
    );
    // Full: a third sequence waits, and nothing changed.
    expect(memory.hold(3, 1)).toBe(false);
    expect(memory.heldBy(3)).toBe(0);
    expect(memory.places().has(3)).toBe(false);
    memory.release(1);
    expect([memory.held, memory.largestFree()]).toEqual([16, 16]);
    // The freed blocks are reused, the last freed first: a sequence's blocks need not be in order.
    expect(memory.hold(4, 9)).toBe(true);
    expect(memory.places().get(4)).toEqual({ blocks: [1, 0] });
    memory.release(4);
    expect(memory.fitsAlone(32)).toBe(true);
    expect(memory.fitsAlone(33)).toBe(false);
  });

  it('hands out copies of its map', () => {
    const memory = new PagedMemory(4, 8);
    memory.hold(1, 8);
    const before = memory.places();
    memory.hold(1, 16);
    expect(before.get(1)).toEqual({ blocks: [0] });
  });
});

describe('contiguous KV memory', () => {
  it('reserves the longest length at once, first fit, and strands free memory between reservations', () => {
    const memory = new ContiguousMemory(100);
    for (const id of [1, 2, 3]) expect(memory.hold(id, 4, 30)).toBe(true);
    // Growing within a reservation costs nothing; past it is refused.
    expect(memory.hold(1, 30, 30)).toBe(true);
    expect(memory.hold(1, 31, 30)).toBe(false);
    expect(memory.held).toBe(90);
    expect(memory.places().get(3)).toEqual({ start: 60, length: 30 });
    memory.release(2);
    expect(memory.holes()).toEqual([
      { start: 30, length: 30 },
      { start: 90, length: 10 },
    ]);
    // 40 tokens are free, but no piece holds 35: external fragmentation.
    expect(memory.largestFree()).toBe(30);
    expect(memory.hold(4, 1, 35)).toBe(false);
    // First fit: a request of 10 takes the first hole large enough.
    expect(memory.hold(5, 1, 10)).toBe(true);
    expect(memory.holes()[0]).toEqual({ start: 40, length: 20 });
    expect(memory.places()).toEqual(
      new Map([
        [1, { start: 0, length: 30 }],
        [5, { start: 30, length: 10 }],
        [3, { start: 60, length: 30 }],
      ]),
    );
    expect(memory.admissionNeed(1, 35)).toBe(35);
  });
});
