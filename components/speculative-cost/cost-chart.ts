/**
 * Speedup of speculative decoding against K, analytic: the chosen α's speedup from the step times, the paper's
 * formula with the same c over it (they part where the verification stops costing one decode step), faint
 * curves at other α for context, the reader's K ringed, the best K labelled, and a rule at 1×, where drafting stops
 * paying.
 */
import * as Plot from '@observablehq/plot';
import type { analytic } from '@engine/index';
import { formatInteger, formatNumber } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { HALO, ruleLabel } from '../charts/marks';
import { SERIES } from '../charts/palette';
import { MAX_K } from './cost-curves';
import { formatSpeedup } from './cost-report';

/** The chart's data: the chosen α's curve, the context curves, the chosen K and the best. */
export interface CostChartData {
  curve: readonly analytic.SpeculativeCost[];
  context: readonly (readonly analytic.SpeculativeCost[])[];
  chosen: analytic.SpeculativeCost;
  best: analytic.SpeculativeCost;
}

const STEP_TIMES = 'from the step times';
const PAPER = "paper's formula, same c";
const OTHER = 'other α, from the step times';

export function costChart({ curve, context, chosen, best }: CostChartData): Plot.PlotOptions {
  const chosenAlpha = `${STEP_TIMES}, α = ${formatNumber(chosen.alpha)}`;
  const others = context.filter((c) => Math.abs(c[0]!.alpha - chosen.alpha) > 1e-9);
  const ends = others.map((c) => c.at(-1)!);
  const top = Math.max(1, ...[curve, ...others].flat().flatMap((c) => [c.speedup, c.paperSpeedup]));
  return {
    ...MARGINS,
    marginRight: 60,
    marginTop: 24,
    x: {
      domain: [1, MAX_K],
      // 1 and the even K: sixteen labels crowd a phone's width.
      ticks: [1, ...Array.from({ length: MAX_K / 2 }, (_, i) => 2 * (i + 1))],
      tickFormat: (d: number) => formatInteger(d),
      label: 'Drafted tokens per verification, K →',
      labelAnchor: 'center',
      grid: true,
    },
    y: {
      domain: [0, top * 1.15],
      label: '↑ Speedup over plain decoding (×), analytic',
      tickFormat: (d: number) => `${formatNumber(d)}×`,
      grid: true,
    },
    color: {
      domain: [chosenAlpha, PAPER, OTHER],
      range: [SERIES.memory, SERIES.compute, SERIES.muted],
      legend: true,
    },
    marks: [
      Plot.ruleY([1], { stroke: 'currentColor', strokeDasharray: '2 3' }),
      ruleLabel(1, '1×: no gain'),
      ...others.map((c) => Plot.line(c, { x: 'K', y: 'speedup', stroke: () => OTHER, strokeWidth: 1 })),
      Plot.text(ends, {
        x: 'K',
        y: 'speedup',
        text: (c: analytic.SpeculativeCost) => `α = ${formatNumber(c.alpha)}`,
        dx: 6,
        textAnchor: 'start',
        fill: SERIES.muted,
      }),
      Plot.line(curve, { x: 'K', y: 'speedup', stroke: () => chosenAlpha, strokeWidth: 2.5 }),
      Plot.dot(curve, { x: 'K', y: 'speedup', fill: () => chosenAlpha, r: 3 }),
      Plot.line(curve, {
        x: 'K',
        y: 'paperSpeedup',
        stroke: () => PAPER,
        strokeWidth: 2,
        strokeDasharray: '6 4',
      }),
      Plot.dot([chosen], { x: 'K', y: 'speedup', r: 8, stroke: 'currentColor', strokeWidth: 2 }),
      Plot.text([chosen], {
        x: 'K',
        y: 'speedup',
        text: () => 'your K',
        dy: 18,
        fill: 'currentColor',
        ...HALO,
      }),
      Plot.text([best], {
        x: 'K',
        y: 'speedup',
        text: (c: analytic.SpeculativeCost) => `best: K = ${formatInteger(c.K)}, ${formatSpeedup(c.speedup)}`,
        dy: -16,
        fill: 'currentColor',
        fontWeight: 600,
        ...HALO,
      }),
    ],
  };
}
