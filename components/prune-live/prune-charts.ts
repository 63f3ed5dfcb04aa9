/**
 * Lesson 5's pruning charts. The share chart puts each pruned model beside the unpruned one, metric by metric
 * (parameters, bytes per decode step, perplexity, decode speed), as a multiple of the unpruned model's figure on a
 * log axis, so halving and doubling sit the same distance from 1×. The sweep chart draws perplexity against the
 * fraction pruned, one line per criterion, from the unpruned model at 0 %.
 */
import * as Plot from '@observablehq/plot';
import type { Criterion } from '@engine/index';
import { formatNumber } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { HALO } from '../charts/marks';
import { SERIES } from '../charts/palette';
import { CRITERION_LABELS, variantLabel, type PrunePoint } from './prune-variants';

/** The figures the share chart compares, each read off a point (undefined where the run did not measure it). */
export const SHARE_METRICS = [
  { name: 'Parameters', value: (p: PrunePoint) => p.parameters },
  { name: 'Bytes per step', value: (p: PrunePoint) => p.weightBytes },
  { name: 'Perplexity', value: (p: PrunePoint) => p.perplexity },
  { name: 'Decode tokens/s', value: (p: PrunePoint) => p.decode?.tokensPerSecond },
] as const;

export interface Share {
  metric: string;
  variant: string;
  /** The pruned model's figure over the unpruned model's. */
  ratio: number;
}

/** Each pruned point's figures as multiples of the unpruned point's (none until the unpruned point is measured). */
export function shares(points: readonly PrunePoint[]): Share[] {
  const base = points.find((p) => p.variant.kind === 'unpruned');
  if (!base) return [];
  return points
    .filter((p) => p !== base)
    .flatMap((p) =>
      SHARE_METRICS.flatMap(({ name, value }) => {
        const [mine, theirs] = [value(p), value(base)];
        return mine === undefined || theirs === undefined
          ? []
          : [{ metric: name, variant: variantLabel(p.variant), ratio: mine / theirs }];
      }),
    );
}

const VARIANT_COLOURS = [SERIES.memory, SERIES.compute, SERIES.point, SERIES.secondary];

/** "×0.5", "×2.3". */
export const formatRatio = (ratio: number) => `×${formatNumber(ratio, 2)}`;

/** The share chart's height: a panel of the four metrics per pruned model, its name above it. */
export function shareChartHeight(rows: readonly Share[]): number {
  return 70 + 150 * Math.max(1, new Set(rows.map((r) => r.variant)).size);
}

/** Pixels at the top of each panel of the share chart kept for the pruned model's name. */
const NAME_ROOM = 22;

export function shareChart(rows: readonly Share[]): Plot.PlotOptions {
  const ratios = rows.map((r) => r.ratio);
  const [low, high] = [Math.min(1, ...ratios), Math.max(1, ...ratios)];
  const variants = [...new Set(rows.map((r) => r.variant))];
  return {
    ...MARGINS,
    marginLeft: 120,
    marginRight: 45,
    marginTop: 10,
    x: {
      type: 'log',
      domain: [low / 1.3, high * 1.3],
      // Anchored at the right, ending at the frame's edge: centred, it ran past a phone's screen.
      label: 'Multiple of the unpruned model (log scale) →',
      labelAnchor: 'right',
      tickFormat: (d: number) => formatRatio(d),
    },
    // The first band, '', holds the panel's name: no tick there, where it would show between the name's words.
    y: {
      domain: ['', ...SHARE_METRICS.map((m) => m.name)],
      ticks: SHARE_METRICS.map((m) => m.name),
      label: null,
    },
    fy: { domain: variants, axis: null, label: null },
    color: { domain: variants, range: VARIANT_COLOURS.slice(0, variants.length) },
    marks: [
      // The grid and the 1× rule start below each panel's name, clear of it.
      Plot.gridX({ insetTop: NAME_ROOM }),
      Plot.ruleX([1], { stroke: SERIES.muted, strokeDasharray: '6 4', insetTop: NAME_ROOM }),
      Plot.text(variants, {
        fy: (v: string) => v,
        text: (v: string) => v,
        frameAnchor: 'top-left',
        dx: -110,
        dy: 4,
        fontWeight: 'bold',
        fill: 'currentColor',
        ...HALO,
      }),
      Plot.link(rows, {
        fy: 'variant',
        x1: () => 1,
        x2: 'ratio',
        y1: 'metric',
        y2: 'metric',
        stroke: 'variant',
        strokeWidth: 3,
      }),
      Plot.dot(rows, { fy: 'variant', x: 'ratio', y: 'metric', fill: 'variant', r: 5 }),
      // Each multiple beside the end of its bar that lies right of 1×, clear of the dot and the rule.
      Plot.text(rows, {
        fy: 'variant',
        x: (r: Share) => Math.max(r.ratio, 1),
        y: 'metric',
        text: (r: Share) => formatRatio(r.ratio),
        dx: 10,
        textAnchor: 'start',
        fill: 'currentColor',
      }),
    ],
  };
}

const CRITERION_COLOURS: Record<Criterion, string> = {
  activation: SERIES.memory,
  magnitude: SERIES.compute,
  random: SERIES.muted,
};

export interface SweepRow {
  criterion: Criterion;
  /** Fraction of the granularity's parts pruned; 0 is the unpruned model, shared by every criterion. */
  fraction: number;
  perplexity: number;
  parameters: number;
}

/** The sweep's rows: each criterion's line starts at the unpruned model. */
export function sweepRows(points: readonly PrunePoint[]): SweepRow[] {
  const base = points.find((p) => p.variant.kind === 'unpruned');
  const sliced = points.flatMap((p) =>
    p.variant.kind === 'sliced'
      ? [
          {
            criterion: p.variant.criterion,
            fraction: p.variant.fraction,
            perplexity: p.perplexity,
            parameters: p.parameters,
          },
        ]
      : [],
  );
  const criteria = [...new Set(sliced.map((r) => r.criterion))];
  const starts = base
    ? criteria.map((criterion) => ({
        criterion,
        fraction: 0,
        perplexity: base.perplexity,
        parameters: base.parameters,
      }))
    : [];
  return [...starts, ...sliced].sort((a, b) => a.fraction - b.fraction);
}

export function sweepChart(rows: readonly SweepRow[], fractions: readonly number[]): Plot.PlotOptions {
  const criteria = (Object.keys(CRITERION_COLOURS) as Criterion[]).filter((c) =>
    rows.some((r) => r.criterion === c),
  );
  const values = rows.map((r) => r.perplexity);
  return {
    ...MARGINS,
    marginTop: 24,
    x: {
      domain: [0, Math.max(...fractions) * 100],
      ticks: [0, ...fractions.map((f) => f * 100)],
      tickFormat: (d: number) => `${formatNumber(d)} %`,
      label: 'Share of the parts pruned →',
      labelAnchor: 'center',
      grid: true,
    },
    y: {
      type: 'log',
      domain: values.length ? [Math.min(...values) / 1.1, Math.max(...values) * 1.1] : [1, 10],
      label: '↑ Perplexity, measured (lower is better)',
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
    },
    color: {
      domain: criteria.map((c) => CRITERION_LABELS[c]),
      range: criteria.map((c) => CRITERION_COLOURS[c]),
      legend: true,
    },
    marks: [
      Plot.line(rows, {
        x: (r: SweepRow) => r.fraction * 100,
        y: 'perplexity',
        stroke: (r: SweepRow) => CRITERION_LABELS[r.criterion],
        strokeWidth: 2,
      }),
      Plot.dot(rows, {
        x: (r: SweepRow) => r.fraction * 100,
        y: 'perplexity',
        fill: (r: SweepRow) => CRITERION_LABELS[r.criterion],
        r: 4,
      }),
    ],
  };
}
