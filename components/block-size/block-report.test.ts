import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { blockReadout, blockRows, describeCosts, describeTimes } from './block-report';

// Sequences of 5, 16 and 17 tokens (38 in all) in blocks of 1, 16 and 64.
const costs = [1, 16, 64].map((size) => analytic.blockWaste([5, 16, 17], size));
const points = [
  { blockSize: 1, seconds: 40e-6 },
  { blockSize: 16, seconds: 12e-6 },
  { blockSize: 64, seconds: 15e-6 },
];
const batch = '8 sequences of 1,024 tokens';

describe('the block-size report', () => {
  it('reads out the measured call and the counted costs of the chosen block size', () => {
    // Blocks of 16: 4 blocks, 64 slots for 38 tokens; 26 empty slots of 6,144 bytes each.
    expect(blockReadout(points[1], costs[1]!, 6144)).toEqual([
      { label: 'Attention call, blocks of 16', value: '12 µs', provenance: 'measured' },
      { label: 'KV slots left empty', value: '26 tokens (41 %)', provenance: 'analytic' },
      { label: 'KV memory they hold', value: '160 kB', provenance: 'analytic' },
      { label: 'Page-table entries', value: '4 (16 B)', provenance: 'analytic' },
    ]);
    expect(blockReadout(undefined, costs[0]!, 6144)[0]!.value).toBe('—');
  });

  it('says what was measured, or that nothing was yet', () => {
    expect(describeTimes(points, batch, 'this GPU')).toBe(
      'Measured on this GPU, attention over 8 sequences of 1,024 tokens: 40 µs a call with blocks of 1 token, ' +
        '15 µs with blocks of 64; fastest at 16 (12 µs).',
    );
    expect(describeTimes([], batch, 'the CPU')).toBe(
      'Not measured yet: the button times attention over 8 sequences of 1,024 tokens on the CPU, at every block size.',
    );
  });

  it('puts the counted ends of the trade-off beside the chosen block size', () => {
    // Blocks of 64: one each, 192 slots for 38 tokens.
    expect(describeCosts(costs, 16, 3)).toBe(
      'Over 3 sequences of 38 tokens in all, counted: blocks of 1 leave 0 slots empty and need 38 page-table ' +
        'entries; blocks of 64 leave 154 empty (80 % of those held) with 3 entries. At 16: 26 empty (41 %), 4 entries.',
    );
  });

  it('tables every block size, measured or not yet', () => {
    expect(blockRows(costs, points.slice(0, 1))).toEqual([
      ['1', '40 µs', '0', '0 %', '38', '152 B'],
      ['16', '—', '26', '41 %', '4', '16 B'],
      ['64', '—', '154', '80 %', '3', '12 B'],
    ]);
  });
});
