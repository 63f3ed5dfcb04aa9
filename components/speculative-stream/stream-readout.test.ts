// The readout over the three sample verifications: 2 + 3 + 1 = 6 tokens emitted, α = (0.8 + 0.4 + 0.9 + 0.8 + 0.5
// + 0.7) / 6 = 0.683, draft forwards 4, 6 and 5 ms (mean 5), target forwards 10, 14 and 12 ms (mean 12).
import { describe, expect, it } from 'vitest';
import { SAMPLE_STEPS } from './sample-steps';
import { readoutItems, streamTotals } from './stream-readout';

describe('the speculative stream readout', () => {
  it('counts, averages and formats what the run measured', () => {
    const totals = streamTotals(SAMPLE_STEPS)!;
    expect(totals.emitted).toBe(6);
    expect(totals.alpha).toBeCloseTo(4.1 / 6, 12);
    expect(readoutItems(totals).map((item) => [item.label, item.value, item.provenance])).toEqual([
      ['Verifications run', '3', 'measured'],
      ['Tokens emitted', '6 tokens', 'measured'],
      ['Tokens per verification', '2 tokens', 'measured'],
      ['α: mean Σ min(p, q) over drafted positions', '68.3 %', 'measured'],
      ['Drafting, per verification', '5 ms', 'measured'],
      ['Verifying, per verification', '12 ms', 'measured'],
    ]);
  });

  it('shows dashes before the first verification', () => {
    expect(streamTotals([])).toBeUndefined();
    expect(new Set(readoutItems(undefined).map((item) => item.value))).toEqual(new Set(['—']));
  });
});
