// The figures and words over the fixture: 12 blocks held with the cache off, 8 with it on (2 shared); 150 prefill
// tokens computed off, 86 on; later requests' TTFT ratios 4/12.5 = 0.32 and 5/13 ≈ 0.385, median ≈ 0.352.
import { describe, expect, it } from 'vitest';
import { OFF_RUN, ON_RUN, PREFIX_RESULT, STREAMED } from './prefix-fixture';
import { compareRuns, prefixFigures, readoutItems, TABLE_COLUMNS, tableRows } from './prefix-report';

describe('a prefix-sharing run in figures, words and a table', () => {
  it('counts the tokens saved and takes the median ratio over the later requests', () => {
    const f = prefixFigures(PREFIX_RESULT);
    expect([f.prefill, f.saved]).toEqual([150, 64]);
    expect(f.ratio).toBeCloseTo((0.32 + 5 / 13) / 2, 12);
    expect(f.medianOff).toBeCloseTo(0.01275, 12);
    expect(f.medianOn).toBeCloseTo(0.0045, 12);
    const odd = {
      ...PREFIX_RESULT,
      runs: [
        { ...OFF_RUN, served: [...OFF_RUN.served, { ...OFF_RUN.served[2]!, ttftSeconds: 0.02 }] },
        { ...ON_RUN, served: [...ON_RUN.served, { ...ON_RUN.served[2]!, ttftSeconds: 0.001 }] },
      ],
    };
    expect(prefixFigures(odd).ratio).toBe(0.32);
  });

  it('reads out the blocks in blocks and bytes, all measured', () => {
    expect(readoutItems(PREFIX_RESULT, 98_304)).toEqual([
      { label: 'Blocks held, prefix cache off', value: '12 blocks, 1.18 MB', provenance: 'measured' },
      { label: 'Blocks held, prefix cache on', value: '8 blocks, 786 kB', provenance: 'measured' },
      { label: 'Blocks shared, cache on', value: '2 blocks', provenance: 'measured' },
      { label: 'Prefill tokens saved', value: '64 of 150 (42.7 %)', provenance: 'measured' },
      { label: 'Median TTFT, later requests, on ÷ off', value: '0.35 ×', provenance: 'measured' },
    ]);
  });

  it('compares the runs from the values', () => {
    expect(compareRuns(PREFIX_RESULT)).toBe(
      'With the prefix cache on, the 2 requests after the first each found 32 prompt tokens in the cache (the ' +
        'system prompt is 40, the cache holds whole blocks of 16), so the 3 prefills computed 86 tokens instead ' +
        'of 150. Together the requests held 8 blocks instead of 12, 2 of them shared. The later requests’ median ' +
        'time to first token was 0.35 times what it was with the cache off, 4.5 ms against 12.8 ms.',
    );
  });

  it('tables each request as far as the runs have reached', () => {
    expect(TABLE_COLUMNS).toHaveLength(6);
    expect(tableRows(STREAMED, 3)).toEqual([
      ['#1', '48', '0', '48', '12 ms', '12 ms'],
      ['#2', '50', '32', '18', '12.5 ms', '4 ms'],
      ['#3', '52', '32', '20', '13 ms', '5 ms'],
    ]);
    expect(tableRows(STREAMED.slice(0, 4), 3)[1]).toEqual(['#2', '50', '—', '—', '12.5 ms', '—']);
    expect(tableRows([], 2)).toEqual([
      ['#1', '—', '—', '—', '—', '—'],
      ['#2', '—', '—', '—', '—', '—'],
    ]);
  });
});
