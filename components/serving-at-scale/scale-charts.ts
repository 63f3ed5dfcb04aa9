/**
 * The two charts of the analytic sweep, against the arrival rate on a log axis: throughput under static and
 * continuous batching beside the demand (rate × mean output), which both follow until they saturate; and median
 * and 99th-percentile latency, each policy's knee ringed where its median doubles the lightest load's.
 */
import * as Plot from '@observablehq/plot';
import { logX, logY, scaleFor } from '../charts/axes';
import { formatNumber } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { HALO } from '../charts/marks';
import { SERIES } from '../charts/palette';
import { POLICIES, POLICY_LABEL, type Policy, type RateSweep } from './rate-sweep';
import type { SweepFigures } from './sweep-figures';

const COLOUR: Record<Policy, string> = { static: SERIES.compute, continuous: SERIES.memory };
const DEMAND = 'demand: rate × mean output';
const RATE_LABEL = 'Arrival rate (requests/s) →';

/** The rates labelled on the x axis: those of 1, 2, 5 × a power of ten inside the grid, which a phone's width holds. */
export function rateTicks(rates: readonly number[]): number[] {
  return rates.filter((rate) =>
    [1, 2, 5].includes(Number((rate / 10 ** Math.floor(Math.log10(rate))).toFixed(1))),
  );
}

const rateAxis = (sweep: RateSweep) =>
  logX(RATE_LABEL, { domain: [sweep.rates[0]!, sweep.rates.at(-1)!], ticks: rateTicks(sweep.rates) });

const policyColours = (extra: { label: string; colour: string }[] = []) => ({
  domain: [...POLICIES.map((p) => POLICY_LABEL[p]), ...extra.map((e) => e.label)],
  range: [...POLICIES.map((p) => COLOUR[p]), ...extra.map((e) => e.colour)],
  legend: true,
});

const series = (d: { policy: Policy }) => POLICY_LABEL[d.policy];

/** Generated tokens per second against the arrival rate, the demand dashed for reference. */
export function throughputChart(sweep: RateSweep, figures: SweepFigures): Plot.PlotOptions {
  const top = Math.max(...sweep.points.map((p) => p.throughput));
  return {
    ...MARGINS,
    x: rateAxis(sweep),
    y: {
      domain: [0, top * 1.2],
      label: '↑ Throughput (tokens/s), analytic',
      grid: true,
      tickFormat: (d: number) => formatNumber(d),
    },
    color: policyColours([{ label: DEMAND, colour: SERIES.muted }]),
    marks: [
      // The demand outgrows the served throughput by far past saturation: cut at the chart's top.
      Plot.line(figures.continuous.points, {
        x: 'rate',
        y: 'demand',
        stroke: () => DEMAND,
        strokeDasharray: '4 4',
        strokeWidth: 1.5,
        clip: true,
      }),
      Plot.line(sweep.points, { x: 'rate', y: 'throughput', stroke: series, strokeWidth: 2 }),
      Plot.dot(sweep.points, { x: 'rate', y: 'throughput', fill: series, r: 3 }),
      Plot.ruleY([0]),
    ],
  };
}

/** Median (solid) and 99th-percentile (dashed) latency against the arrival rate, each knee ringed. */
export function latencyChart(sweep: RateSweep, figures: SweepFigures): Plot.PlotOptions {
  const seconds = sweep.points.flatMap((p) => [p.p50, p.p99]);
  const label = '↑ Latency (s), analytic: median solid, p99 dashed';
  const knees = POLICIES.flatMap((policy) => {
    const { knee, points } = figures[policy];
    const at = points.find((p) => p.rate === knee);
    return at ? [at] : [];
  });
  return {
    ...MARGINS,
    marginTop: 24,
    x: rateAxis(sweep),
    y:
      scaleFor(seconds) === 'log'
        ? logY(label)
        : { label, grid: true, zero: true, tickFormat: (d: number) => formatNumber(d) },
    color: policyColours(),
    marks: [
      Plot.line(sweep.points, {
        x: 'rate',
        y: 'p99',
        stroke: series,
        strokeWidth: 1.5,
        strokeDasharray: '5 4',
      }),
      Plot.line(sweep.points, { x: 'rate', y: 'p50', stroke: series, strokeWidth: 2 }),
      Plot.dot(sweep.points, { x: 'rate', y: 'p50', fill: series, r: 3 }),
      Plot.dot(knees, { x: 'rate', y: 'p50', stroke: series, r: 8, strokeWidth: 2 }),
      Plot.text(knees, {
        x: 'rate',
        y: 'p50',
        text: (p: { rate: number }) => `knee: ${formatNumber(p.rate)}/s`,
        dy: -16,
        fill: 'currentColor',
        fontWeight: 600,
        ...HALO,
      }),
    ],
  };
}
