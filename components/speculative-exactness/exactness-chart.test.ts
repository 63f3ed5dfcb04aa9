// The exactness chart, its summary and table from hand-made bins: p = 0.4, 0.3, 0.15, 0.1, 0.05 and q = 0.2, 0.5, 0.1,
// 0.1, 0.1 over five tokens, the three most likely drawn and the other two in one bin, with 1,000 hand-counted
// samples from each sampler; and the saved SVGs at desktop and phone width.
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { chartHeight, describeExactness, exactnessChart, tableColumns, tableRows } from './exactness-chart';
import type { Tally } from './exactness-tally';
import { OTHER_TOKENS, tokenBins } from './token-bins';

const p = Float64Array.from([0.4, 0.3, 0.15, 0.1, 0.05]);
const q = Float64Array.from([0.2, 0.5, 0.1, 0.1, 0.1]);
const tally: Tally = {
  batches: 4,
  samples: 1000,
  speculative: Float64Array.from([390, 310, 160, 90, 50]),
  target: Float64Array.from([420, 290, 140, 100, 50]),
};
const bins = tokenBins(p, q, tally, 3);
const texts = { 0: ' the', 1: '\n', 2: ' a' };
const setup = { target: 'prose-target', draft: 'prose-draft', rule: 'speculative' } as const;

describe('the exactness chart', () => {
  it("bins the target's most likely tokens and puts the rest together", () => {
    expect(bins.map((bin) => bin.id)).toEqual([0, 1, 2, OTHER_TOKENS]);
    expect(bins.at(-1)!.p).toBeCloseTo(0.15, 12);
    expect(bins.at(-1)!.q).toBeCloseTo(0.2, 12);
    expect(bins.at(-1)!.speculative).toBe(140);
    expect(bins.at(-1)!.target).toBe(150);
    expect(tokenBins(p, q, tally, 5).map((bin) => bin.id)).toEqual([0, 1, 2, 3, 4]);
  });

  it('says how far each sampler is from p, and how far q is', () => {
    expect(describeExactness(bins, 1000, setup)).toBe(
      "Of 1,000 samples from each sampler, the share that came out as each of prose-target's 3 most likely next " +
        "tokens (and as any other token), beside the token's probability p under prose-target and q under " +
        'prose-draft. The largest gap between a share and p is 1 percentage point for speculative sampling and 2 ' +
        'percentage points for prose-target alone; q is up to 20 percentage points from p.',
    );
  });

  it('tables each bin with p, q and both samplers’ shares and counts', () => {
    expect(tableColumns({ ...setup, rule: 'keep-draft' })).toEqual([
      'Token',
      'Id',
      'p, prose-target (%)',
      'q, prose-draft (%)',
      'speculative, keeping every draft (wrong): share (samples)',
      'prose-target alone: share (samples)',
    ]);
    expect(tableRows(bins, 1000, texts)).toEqual([
      ['␣the', '0', '40 %', '20 %', '39 % (390)', '42 % (420)'],
      ['↵', '1', '30 %', '50 %', '31 % (310)', '29 % (290)'],
      ['␣a', '2', '15 %', '10 %', '16 % (160)', '14 % (140)'],
      ['all others', '—', '15 %', '20 %', '14 % (140)', '15 % (150)'],
    ]);
  });

  it('draws a bar per sampler for each bin, p ticked and q a diamond', async () => {
    const spec = exactnessChart(bins, 1000, texts, setup);
    expect(spec.fy?.domain).toEqual([0, 1, 2, OTHER_TOKENS]);
    expect(spec.color?.domain).toEqual([
      'p: prose-target (expected)',
      'speculative sampling',
      'prose-target alone',
      'q: prose-draft (draft)',
    ]);
    await expect(renderSvg(spec, 640, chartHeight(bins.length))).toMatchFileSnapshot(
      './__snapshots__/exactness.svg',
    );
    const wrong = exactnessChart(bins, 1000, texts, { ...setup, rule: 'resample-from-p' });
    await expect(renderSvg(wrong, 390, chartHeight(bins.length))).toMatchFileSnapshot(
      './__snapshots__/exactness-wrong-rule-phone.svg',
    );
  });
});
