/**
 * Lesson 6's measured payoff, two charts against K. Tokens per verification: the measured points, the formula
 * (1 − α^(K+1)) / (1 − α) at the overall α measured, and K + 1, what a verification emits when every draft is
 * accepted. Speedup over the target alone: measured, the paper's formula (a verification costing one decode step),
 * the same expected tokens over this device's measured verification, and a rule at 1×. Each series has its own
 * colour, symbol and dash, so none is told apart by colour alone.
 */
import * as Plot from '@observablehq/plot';
import { formatInteger, formatNumber } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { HALO, ruleLabel } from '../charts/marks';
import { SERIES } from '../charts/palette';
import { formulaCurve, type Payoff } from './payoff';

const MEASURED = 'measured';
const PAPER = "paper's formula (verification = one step)";
const DEVICE = 'formula with the measured verification';

/** A channel that puts every datum of a mark in one series. */
const inSeries = (name: string) => () => name;

/** The K axis, 1 … maxK, shared by both charts so points measured later land where the reader expects. */
function kAxis(maxK: number): Plot.ScaleOptions {
  return {
    domain: [1, maxK],
    ticks: Array.from({ length: maxK }, (_, i) => i + 1),
    tickFormat: (d: number) => formatInteger(d),
    label: 'Drafted tokens per verification, K →',
    labelAnchor: 'center',
    inset: 12,
    grid: true,
  };
}

/** Colour and symbol scales over the same series, so the legend shows each series' coloured symbol. */
function seriesScales(series: readonly string[], colours: readonly string[], symbols: readonly string[]) {
  return {
    color: { domain: series, range: colours },
    symbol: { domain: series, range: symbols, legend: true },
  };
}

export function tokensChart(payoff: Payoff, maxK: number): Plot.PlotOptions {
  const formula = `formula, overall α = ${formatNumber(payoff.alpha)}`;
  const curve = formulaCurve(payoff, maxK);
  const ceiling = curve.map(({ K }) => ({ K, tokens: K + 1 }));
  return {
    ...MARGINS,
    marginRight: 30,
    marginTop: 24,
    x: kAxis(maxK),
    y: {
      domain: [0, maxK + 1],
      label: '↑ Tokens per verification',
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
    },
    ...seriesScales([MEASURED, formula], [SERIES.compute, SERIES.memory], ['circle', 'square']),
    marks: [
      Plot.line(ceiling, { x: 'K', y: 'tokens', stroke: SERIES.muted, strokeDasharray: '2 3' }),
      Plot.text(ceiling.slice(-1), {
        x: 'K',
        y: 'tokens',
        text: () => 'K + 1: every draft accepted',
        textAnchor: 'end',
        dy: -10,
        fill: 'currentColor',
        ...HALO,
      }),
      Plot.line(curve, {
        x: 'K',
        y: 'tokens',
        stroke: inSeries(formula),
        strokeWidth: 2,
        strokeDasharray: '6 4',
      }),
      Plot.dot(curve, { x: 'K', y: 'tokens', fill: inSeries(formula), symbol: inSeries(formula), r: 3 }),
      Plot.dot(payoff.rows, {
        x: 'K',
        y: 'tokensPerStep',
        fill: inSeries(MEASURED),
        symbol: inSeries(MEASURED),
        r: 5,
      }),
    ],
  };
}

export function speedupChart(payoff: Payoff, maxK: number): Plot.PlotOptions {
  const curve = formulaCurve(payoff, maxK);
  const rows = [...payoff.rows].sort((a, b) => a.K - b.K);
  const values = [...curve.map((c) => c.paperSpeedup), ...rows.flatMap((r) => [r.speedup, r.deviceSpeedup])];
  return {
    ...MARGINS,
    marginRight: 30,
    marginTop: 24,
    x: kAxis(maxK),
    y: {
      domain: [0, Math.max(1, ...values) * 1.15],
      label: '↑ Speedup over the target alone (×)',
      tickFormat: (d: number) => `${formatNumber(d)}×`,
      grid: true,
    },
    ...seriesScales(
      [MEASURED, PAPER, DEVICE],
      [SERIES.compute, SERIES.memory, SERIES.secondary],
      ['circle', 'square', 'triangle'],
    ),
    marks: [
      Plot.ruleY([1], { stroke: 'currentColor', strokeDasharray: '2 3' }),
      ruleLabel(1, '1×: no gain'),
      Plot.line(curve, {
        x: 'K',
        y: 'paperSpeedup',
        stroke: inSeries(PAPER),
        strokeWidth: 2,
        strokeDasharray: '6 4',
      }),
      Plot.dot(curve, { x: 'K', y: 'paperSpeedup', fill: inSeries(PAPER), symbol: inSeries(PAPER), r: 3 }),
      Plot.line(rows, {
        x: 'K',
        y: 'deviceSpeedup',
        stroke: inSeries(DEVICE),
        strokeWidth: 2,
        strokeDasharray: '2 2',
      }),
      Plot.dot(rows, { x: 'K', y: 'deviceSpeedup', fill: inSeries(DEVICE), symbol: inSeries(DEVICE), r: 4 }),
      Plot.line(rows, { x: 'K', y: 'speedup', stroke: inSeries(MEASURED), strokeWidth: 2.5 }),
      Plot.dot(rows, { x: 'K', y: 'speedup', fill: inSeries(MEASURED), symbol: inSeries(MEASURED), r: 5 }),
    ],
  };
}
