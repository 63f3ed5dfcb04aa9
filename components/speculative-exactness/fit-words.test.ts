// The χ² tests in words: p-values written small and bounded where double precision runs out, the verdict on either
// side of α = 0.001, and a row per sampler, or a dash where its counts cannot be tested yet.
import { describe, expect, it } from 'vitest';
import { formatPValue, statisticsRows, verdict } from './fit-words';

const setup = { target: 'prose-target', draft: 'prose-draft', rule: 'resample-from-p' } as const;
const fit = (statistic: number, pValue: number) => ({ statistic, degreesOfFreedom: 10, pValue, bins: 11 });

describe('the χ² tests in words', () => {
  it('writes p-values to 3 digits, in powers of ten when small, bounded below 10⁻¹²', () => {
    expect(formatPValue(0.27312)).toBe('0.273');
    expect(formatPValue(0.0012345)).toBe('0.00123');
    expect(formatPValue(3.21e-7)).toBe('3.21 × 10⁻⁷');
    expect(formatPValue(0)).toBe('< 10⁻¹²');
  });

  it('rejects p below α = 0.001 and not above', () => {
    expect(verdict(fit(30, 0.00099))).toBe("rejected: not the target's distribution");
    expect(verdict(fit(29, 0.0011))).toBe('no evidence against p');
  });

  it('gives each sampler its row, and a dash for one too few samples to test', () => {
    expect(statisticsRows({ speculative: fit(612.4, 0), target: fit(8.04, 0.6249) }, 20_000, setup)).toEqual([
      [
        'speculative, resampling from p (wrong)',
        '20,000 tokens',
        '612',
        '10',
        '< 10⁻¹²',
        "rejected: not the target's distribution",
      ],
      ['prose-target alone', '20,000 tokens', '8.04', '10', '0.625', 'no evidence against p'],
    ]);
    expect(statisticsRows({ speculative: undefined, target: undefined }, 250, setup)[1]).toEqual([
      'prose-target alone',
      '250 tokens',
      '—',
      '—',
      '—',
      'too few samples to test',
    ]);
  });
});
