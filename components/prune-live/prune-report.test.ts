// The pruning widgets' numbers in words, tables and charts, from hand-made points.
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { targetModel } from '../testing/target-model';
import { shareChart, shares, sweepChart, sweepRows } from './prune-charts';
import { describePruned, describeSweep, pointCells, pruneReadout, sweepTable } from './prune-report';
import type { PrunePoint, PruneVariant } from './prune-variants';

const config = targetModel.config;
const point = (variant: PruneVariant, fields: Partial<PrunePoint>): PrunePoint => ({
  variant,
  config,
  parameters: 10_000_000,
  weightBytes: 40_000_000,
  meanNll: Math.log(20),
  perplexity: 20,
  tokens: 255,
  ...fields,
});
const unpruned = point({ kind: 'unpruned' }, { decode: { tokensPerSecond: 100, steps: 16 } });
const neurons = point(
  { kind: 'sliced', criterion: 'activation', granularity: 'neurons', fraction: 0.5 },
  {
    parameters: 6_000_000,
    weightBytes: 24_000_000,
    perplexity: 50,
    meanNll: Math.log(50),
    decode: { tokensPerSecond: 160, steps: 16 },
  },
);
const sparse = point(
  { kind: 'sparse', pattern: { kind: '2:4' } },
  { perplexity: 30, meanNll: Math.log(30), decode: { tokensPerSecond: 100, steps: 3 } },
);

describe('the pruned model beside the unpruned one', () => {
  it('gives each figure as a multiple of the unpruned model', () => {
    expect(shares([unpruned, neurons]).map((s) => [s.metric, s.ratio])).toEqual([
      ['Parameters', 0.6],
      ['Bytes per step', 0.6],
      ['Perplexity', 2.5],
      ['Decode tokens/s', 1.6],
    ]);
    expect(shares([neurons])).toEqual([]);
    expect(pruneReadout([unpruned, neurons]).map((r) => r.value)).toEqual([
      '6 million (×0.6)',
      '24 MB (×0.6)',
      '50 (×2.5)',
      '160 (×1.6)',
    ]);
  });

  it('says what the cut kept and cost, and lists both models', () => {
    expect(describePruned([unpruned, neurons], 'this GPU')).toBe(
      '50 % of MLP neurons cut by activations: 6 million of 10 million parameters, 24 MB read per decode step ' +
        '(×0.6), and decodes ×1.6 as many tokens per second on this GPU; perplexity on the same 255 held-out ' +
        'tokens went from 20 to 50 (×2.5).',
    );
    expect(pointCells(sparse)).toEqual([
      '2:4 sparsity (2 of every 4 weights zero)',
      '10,000,000',
      '40 MB',
      '30',
      '3.401',
      '100 over 3 steps',
    ]);
  });

  it('draws one panel per pruned model', async () => {
    await expect(renderSvg(shareChart(shares([unpruned, neurons, sparse])), 640, 400)).toMatchFileSnapshot(
      './__snapshots__/prune-shares.svg',
    );
  });
});

describe('the sweep', () => {
  const sliced = (criterion: 'activation' | 'random', fraction: number, perplexity: number) =>
    point({ kind: 'sliced', criterion, granularity: 'layers', fraction }, { perplexity });
  const points = [
    unpruned,
    sliced('activation', 0.5, 40),
    sliced('random', 0.5, 90),
    sliced('activation', 0.25, 25),
  ];

  it('starts every criterion at the unpruned model and names the best at the largest share', () => {
    const rows = sweepRows(points);
    expect(rows.map((r) => [r.criterion, r.fraction, r.perplexity])).toEqual([
      ['activation', 0, 20],
      ['random', 0, 20],
      ['activation', 0.25, 25],
      ['activation', 0.5, 40],
      ['random', 0.5, 90],
    ]);
    expect(describeSweep(rows, 'layers')).toBe(
      'Perplexity on the same held-out tokens as layers are pruned, from 20 unpruned; with 50 % pruned: ' +
        'Activations (Minitron) 40, Random (the control) 90.',
    );
    expect(sweepTable(rows).map((r) => r[0])).toEqual([
      'none (unpruned)',
      'Activations (Minitron)',
      'Activations (Minitron)',
      'Random (the control)',
    ]);
  });

  it('draws a line per criterion', async () => {
    await expect(renderSvg(sweepChart(sweepRows(points), [0.25, 0.5, 0.75]))).toMatchFileSnapshot(
      './__snapshots__/prune-sweep.svg',
    );
  });
});
