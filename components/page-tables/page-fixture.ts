/**
 * A short page-table run for the widget's tests, as the page-tables job streams it: A arrives and prefills (blocks
 * 0–2), B arrives and finds the first two in the prefix cache's names (A holds them), B prefills its own block 3, B
 * is sampled two ways (B2 shares all of B1's blocks), and the first decode copies the shared last block for B1.
 * Blocks of 4 tokens in a pool of 8.
 */
import type { PageSnapshot, PageTablesResult } from '@engine/index';

const refs = (...counts: number[]) => [...counts, ...Array(8 - counts.length).fill(0)];

export const PAGE_SNAPSHOTS: PageSnapshot[] = [
  {
    operation: 'lookup',
    action: 'Request A arrives with 10 prompt tokens; 0 of them are found in the prefix cache.',
    refs: refs(),
    cached: [],
    sequences: [{ seq: 0, name: 'A', table: [], length: 0 }],
    events: [],
  },
  {
    operation: 'step',
    action: "A's prefill computes its other 10 tokens and its first token.",
    refs: refs(1, 1, 1),
    cached: [],
    sequences: [{ seq: 0, name: 'A', table: [0, 1, 2], length: 10 }],
    events: [0, 1, 2].map((block) => ({ kind: 'allocate' as const, block, sequence: 'A' })),
  },
  {
    operation: 'lookup',
    action: 'Request B arrives with 11 prompt tokens; 8 of them are found in the prefix cache.',
    refs: refs(2, 2, 1),
    cached: [],
    sequences: [
      { seq: 0, name: 'A', table: [0, 1, 2], length: 10 },
      { seq: 1, name: 'B', table: [0, 1], length: 8 },
    ],
    events: [0, 1].map((block) => ({ kind: 'share' as const, block, sequence: 'B' })),
  },
  {
    operation: 'fork',
    action: 'B is sampled 2 ways: each sample shares all its blocks.',
    refs: refs(3, 3, 1, 2),
    cached: [],
    sequences: [
      { seq: 0, name: 'A', table: [0, 1, 2], length: 10 },
      { seq: 1, name: 'B1', table: [0, 1, 3], length: 11 },
      { seq: 2, name: 'B2', table: [0, 1, 3], length: 11 },
    ],
    events: [0, 1, 3].map((block) => ({ kind: 'share' as const, block, sequence: 'B2' })),
  },
  {
    operation: 'step',
    action: 'Decode step 1: every live sequence writes one token.',
    refs: refs(3, 3, 1, 1, 1),
    cached: [],
    sequences: [
      { seq: 0, name: 'A', table: [0, 1, 2], length: 11 },
      { seq: 1, name: 'B1', table: [0, 1, 4], length: 12 },
      { seq: 2, name: 'B2', table: [0, 1, 3], length: 12 },
    ],
    events: [{ kind: 'copy', src: 3, dst: 4, sequence: 'B1' }],
  },
];

export const PAGE_RESULT: PageTablesResult = {
  blockSize: 4,
  systemTokens: 9,
  generated: [
    { name: 'B1', seq: 1, text: ' and' },
    { name: 'B2', seq: 2, text: ' but' },
    { name: 'A', seq: 0, text: ' a walk' },
  ],
};
