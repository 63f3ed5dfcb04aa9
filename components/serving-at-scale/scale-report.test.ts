import { describe, expect, it } from 'vitest';
import { handSweep } from './hand-sweep';
import { formatKnee, SCALE_COLUMNS, scaleCaption, scaleReadout, scaleTable } from './scale-report';
import { DEFAULT_REQUEST, kvPool } from './scale-request';
import { sweepFigures } from './sweep-figures';

const sweep = handSweep([
  [1.5, 'static', 140, 2],
  [1.5, 'continuous', 150, 0.75],
  [30, 'static', 1234.5, 12],
  [30, 'continuous', 2901, 1.2],
]);

describe('the figures and table beside the charts', () => {
  it('writes a knee, or that there was none on the grid', () => {
    expect(formatKnee(30, 200)).toBe('30 requests/s');
    expect(formatKnee(undefined, 200)).toBe('none up to 200 requests/s');
    expect(scaleReadout(sweep, sweepFigures(sweep), kvPool(DEFAULT_REQUEST)).slice(3, 6)).toEqual([
      { label: 'Continuous ÷ static', value: '×2.35' },
      { label: 'Static knee', value: '30 requests/s' },
      { label: 'Continuous knee', value: 'none up to 30 requests/s' },
    ]);
  });

  it('lists every point with its units', () => {
    const rows = scaleTable(sweep);
    expect(rows).toHaveLength(4);
    expect(rows[0]!).toHaveLength(SCALE_COLUMNS.length);
    // Demand 100 tokens a request; TTFT a quarter of the median, p99 twice it (the hand sweep's rule).
    expect(rows[2]).toEqual(['30', 'static batching', '1,230', '3,000', '50 %', '3 s', '12 s', '24 s', '0']);
    expect(rows[1]).toEqual([
      '1.5',
      'continuous batching',
      '150',
      '150',
      '50 %',
      '188 ms',
      '750 ms',
      '1.5 s',
      '0',
    ]);
  });

  it('captions the table with the whole setting', () => {
    expect(scaleCaption(sweep)).toBe(
      'Analytic (cost model) serving of Llama 2 13B on one NVIDIA H100 SXM, bf16: 400 requests per run, 64 slots, ' +
        'prompts 64–512 tokens, outputs geometric with mean 128 (at most 512), seed 1',
    );
  });
});
