import { describe, expect, it } from 'vitest';
import { PAGE_SNAPSHOTS } from './page-fixture';
import { describeSnapshot, eventSentences, poolCounts, poolRows, tableRows } from './page-words';

describe('the page-table run in words', () => {
  it('tells the events of one kind and sequence together', () => {
    expect(eventSentences(PAGE_SNAPSHOTS[1]!)).toEqual(['A takes free blocks 0, 1 and 2.']);
    expect(eventSentences(PAGE_SNAPSHOTS[2]!)).toEqual([
      'B shares blocks 0 and 1, now with 2 references each.',
    ]);
    expect(eventSentences(PAGE_SNAPSHOTS[3]!)).toEqual(['B2 shares blocks 0, 1 and 3.']);
    expect(eventSentences(PAGE_SNAPSHOTS[4]!)).toEqual([
      'B1 writes into block 3, which another sequence shares: copy-on-write first copies it into block 4, and the write goes to the copy.',
    ]);
    expect(
      eventSentences({
        ...PAGE_SNAPSHOTS[4]!,
        events: [
          { kind: 'release', block: 2, sequence: 'A', cached: true },
          { kind: 'release', block: 5, sequence: 'A', cached: false },
          { kind: 'hit', block: 2, sequence: 'C' },
        ],
      }),
    ).toEqual([
      'A lets go of block 2: no sequence holds it, and the prefix cache keeps it.',
      'A lets go of block 5.',
      'C finds block 2 in the prefix cache and takes it back.',
    ]);
  });

  it('counts the pool and describes the moment', () => {
    expect(poolCounts(PAGE_SNAPSHOTS[4]!)).toEqual({ held: 5, shared: 2, cached: 0, free: 3 });
    expect(describeSnapshot(PAGE_SNAPSHOTS[4]!, 4, 5)).toBe(
      'Operation 5 of 5: Decode step 1: every live sequence writes one token. Of 8 blocks, 5 are held (2 shared), 0 cached and 3 free.',
    );
  });

  it('lists the page tables and the blocks in use as text', () => {
    expect(tableRows(PAGE_SNAPSHOTS[4]!)).toEqual([
      ['A', '11', '0 → 0, 1 → 1, 2 → 2', '0 and 1'],
      ['B1', '12', '0 → 0, 1 → 1, 2 → 4', '0 and 1'],
      ['B2', '12', '0 → 0, 1 → 1, 2 → 3', '0 and 1'],
    ]);
    expect(poolRows(PAGE_SNAPSHOTS[4]!)).toEqual([
      ['0', '3', 'shared', 'A, B1, B2'],
      ['1', '3', 'shared', 'A, B1, B2'],
      ['2', '1', 'held', 'A'],
      ['3', '1', 'held', 'B2'],
      ['4', '1', 'held', 'B1'],
    ]);
  });
});
