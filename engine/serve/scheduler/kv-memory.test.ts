import { describe, expect, it } from 'vitest';
import { ContiguousMemory, PagedMemory } from './kv-memory';

describe('paged KV memory', () => {
  it('takes a block at a time as a sequence grows, from anywhere, and frees them all', () => {
    const memory = new PagedMemory(4, 8);
    expect(memory.hold(1, 5)).toBe(true);
    expect(memory.heldBy(1)).toBe(8);
    expect(memory.hold(1, 9)).toBe(true);
    expect(memory.hold(2, 16)).toBe(true);
    expect([memory.held, memory.blocksInUse, memory.largestFree()]).toEqual([32, 4, 0]);
    // Full: a third sequence waits, and nothing changed.
    expect(memory.hold(3, 1)).toBe(false);
    expect(memory.heldBy(3)).toBe(0);
    memory.release(1);
    expect([memory.held, memory.largestFree()]).toEqual([16, 16]);
    expect(memory.fitsAlone(32)).toBe(true);
    expect(memory.fitsAlone(33)).toBe(false);
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
    expect(memory.admissionNeed(1, 35)).toBe(35);
  });
});
