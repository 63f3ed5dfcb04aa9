import { describe, expect, it } from 'vitest';
import { CONTIGUOUS_RUN, FIXTURE_POOL, PAGED_RUN } from './memory-fixture';
import { describeStep, mapRows, snapshotAt, stepColumns, stepRows } from './step-report';

const runs = [CONTIGUOUS_RUN, PAGED_RUN];
/** The shipped target's keys and values per token: 6 layers × 2 × 2 heads × 64 × 4 bytes. */
const BYTES_PER_TOKEN = 6144;

describe('the memory at one step, in words and tables', () => {
  it('says what each allocator holds, writes and wastes, and names stranded memory', () => {
    expect(describeStep(runs, 4)).toBe(
      'After step 4, measured. Contiguous reservations: 3 requests hold 25 tokens of 32 and have written 18, ' +
        '7 tokens held but not written; 7 tokens free, the next request waits, needing 6 tokens while the largest ' +
        'free piece is 4 tokens: all 7 tokens stranded. Paged blocks: 3 requests hold 24 tokens of 32 and have ' +
        'written 20, 4 tokens held but not written; 8 tokens free, nothing waits.',
    );
    expect(describeStep(runs, 7)).toContain(
      'Paged blocks had served every request by step 6; the memory is free.',
    );
  });

  it('holds nothing once a run has ended', () => {
    expect(snapshotAt(PAGED_RUN, 7)).toEqual({
      capacity: 32,
      held: 0,
      used: 0,
      largestFree: 32,
      headNeeds: 0,
      owners: [],
    });
    expect(snapshotAt(PAGED_RUN, 6)).toBe(PAGED_RUN.steps[5]!.kv);
  });

  it('tables both allocators in tokens and bytes', () => {
    expect(stepColumns(runs, 4)).toEqual(['After step 4', 'Contiguous', 'Paged']);
    expect(stepRows(runs, 4, BYTES_PER_TOKEN)).toEqual([
      ['Requests holding memory', '3', '3'],
      ['Held', '25 tokens (154 kB)', '24 tokens (147 kB)'],
      ['Written', '18 tokens (111 kB)', '20 tokens (123 kB)'],
      ['Internal waste: held, not written', '7 tokens (43 kB)', '4 tokens (24.6 kB)'],
      ['Free', '7 tokens (43 kB)', '8 tokens (49.2 kB)'],
      ['Largest free piece', '4 tokens (24.6 kB)', '8 tokens (49.2 kB)'],
      ['The next request needs', '6 tokens (36.9 kB)', 'nothing waits'],
      ['External waste: free, in no piece it fits', '7 tokens (43 kB)', '0 tokens (0 B)'],
    ]);
    expect(stepRows(runs, 7, BYTES_PER_TOKEN)[0]).toEqual([
      'Requests holding memory',
      '1',
      'none: all served by step 6',
    ]);
  });

  it('lists the maps: the arena by address, and each request’s blocks in the order it fills them', () => {
    expect(mapRows(runs, 4, FIXTURE_POOL.blockSize)).toEqual([
      ['Contiguous', '#4', 'tokens 0–4', '3 of 5 tokens'],
      ['Contiguous', 'free', 'tokens 5–8', '4 tokens'],
      ['Contiguous', '#2', 'tokens 9–18', '7 of 10 tokens'],
      ['Contiguous', '#3', 'tokens 19–28', '8 of 10 tokens'],
      ['Contiguous', 'free', 'tokens 29–31', '3 tokens'],
      ['Paged', '#2', 'blocks 2, 6', '7 of 8 tokens'],
      ['Paged', '#3', 'blocks 3, 4', '8 of 8 tokens'],
      ['Paged', '#5', 'blocks 5, 1', '5 of 8 tokens'],
      ['Paged', 'free', 'blocks 0, 7', '8 tokens'],
    ]);
  });
});
