/**
 * A real linear layer's weights under a quantization grid, as the weight-grid job computed them: one group's weights
 * on a number line with the levels its scheme can store as rules and each weight joined to the level it is stored
 * as; the histogram of the whole tensor with that group's grid marked; and the error of each scheme over the whole
 * tensor. Pure: result in, Plot spec, sentences and table rows out.
 */
import * as Plot from '@observablehq/plot';
import type { WeightGridResult } from '@engine/index';
import { formatInteger, formatNumber } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { SERIES } from '../charts/palette';
import { formatPercent, formatValue } from '../number-formats/value-text';

/** The chosen scheme's name. */
export const chosenName = (r: WeightGridResult) => r.errors[r.chosen]!.name;

/** Where the two rows of the group chart sit: the f32 weights above, what is stored below. */
const ROW = { f32: 1, stored: 0, half: 0.3 } as const;

/** The chosen row's first group: its weights, the levels, and which level each weight is stored as. */
export function groupChart(r: WeightGridResult): Plot.PlotOptions {
  const { levels, values, stored } = r.group;
  const lo = Math.min(levels[0]!, ...values);
  const hi = Math.max(levels.at(-1)!, ...values);
  const pad = (hi - lo) * 0.04 || 1;
  const pairs = values.map((value, i) => ({ value, stored: stored[i]! }));
  const name = chosenName(r);
  return {
    ...MARGINS,
    marginLeft: 70,
    marginTop: 10,
    x: {
      domain: [lo - pad, hi + pad],
      label: 'Weight value →',
      labelAnchor: 'center',
      tickFormat: (d: number) => formatValue(d, 2),
      ticks: 4,
    },
    y: {
      domain: [-0.5, 1.5],
      ticks: [ROW.stored, ROW.f32],
      tickFormat: (d: number) => (d === ROW.f32 ? 'f32' : name),
      tickSize: 0,
      label: null,
    },
    marks: [
      Plot.ruleX(levels, { y1: -0.45, y2: 1.45, stroke: SERIES.muted, strokeOpacity: 0.7 }),
      Plot.link(pairs, {
        x1: 'value',
        x2: 'stored',
        y1: ROW.f32 - ROW.half,
        y2: ROW.stored + ROW.half,
        stroke: SERIES.memory,
        strokeOpacity: 0.45,
      }),
      Plot.ruleX(values, {
        y1: ROW.f32 - ROW.half,
        y2: ROW.f32 + ROW.half,
        stroke: SERIES.memory,
        strokeWidth: 1.5,
      }),
      Plot.ruleX(stored, {
        y1: ROW.stored - ROW.half,
        y2: ROW.stored + ROW.half,
        stroke: SERIES.compute,
        strokeWidth: 2.5,
      }),
    ],
  };
}

/** The whole tensor's histogram, the chosen group's grid marked from its lowest level to its highest. */
export function histogramChart(r: WeightGridResult): Plot.PlotOptions {
  const { levels } = r.group;
  const span = [levels[0]!, levels.at(-1)!];
  return {
    ...MARGINS,
    marginTop: 24,
    x: {
      label: 'Weight value →',
      labelAnchor: 'center',
      tickFormat: (d: number) => formatValue(d, 2),
      ticks: 4,
    },
    y: { label: '↑ Weights', grid: true, tickFormat: (d: number) => formatNumber(d) },
    marks: [
      Plot.rectY(r.histogram, { x1: 'x0', x2: 'x1', y: 'count', fill: SERIES.memory, insetLeft: 0.5 }),
      Plot.ruleX(span, { stroke: SERIES.compute, strokeWidth: 1.5, strokeDasharray: '5 3' }),
      Plot.text([span[1]!], {
        x: (d: number) => d,
        frameAnchor: 'top',
        dy: -14,
        textAnchor: 'middle',
        text: () => `row ${r.group.row}'s group grid`,
        fill: SERIES.compute,
      }),
      Plot.ruleY([0]),
    ],
  };
}

/** What the group chart shows, in a sentence or two. */
export function describeGroup(r: WeightGridResult, tensor: string): string {
  const { row, size, levels, scale, zero, maxError } = r.group;
  const zp = r.errors[r.chosen]!.scheme.zeroPoint ? `, zero-point ${formatInteger(zero)}` : '';
  return (
    `The first ${formatInteger(size)} weights of row ${row} of ${tensor} in ${chosenName(r)}: ` +
    `${formatInteger(levels.length)} levels ${formatValue(scale, 3)} apart (the group's f16 scale${zp}), ` +
    `from ${formatValue(levels[0]!, 3)} to ${formatValue(levels.at(-1)!, 3)}. ` +
    `Each weight is stored as its nearest level, moving by ${formatValue(maxError, 3)} at most.`
  );
}

/** What the histogram shows. */
export function describeHistogram(r: WeightGridResult): string {
  const first = r.histogram[0]!;
  const last = r.histogram.at(-1)!;
  return (
    `The tensor's ${formatInteger(r.O)} rows of ${formatInteger(r.I)} weights lie from ${formatValue(first.x0, 3)} ` +
    `to ${formatValue(last.x1, 3)}, most of them near zero: their RMS is ${formatValue(r.rms, 3)}, the largest ` +
    `magnitude ${formatValue(r.absMax, 3)}. ` +
    `The dashed lines mark the range of row ${r.group.row}'s group grid.`
  );
}

/** The error of every scheme over the whole tensor, compared in a sentence. */
export function describeErrors(r: WeightGridResult): string {
  const parts = r.errors.map((e) => `${e.name} ${formatPercent(e.rmsError)}`);
  return (
    `Round to nearest over the whole tensor, its RMS error as a share of the weights' RMS (bits per weight ` +
    `count the scales and zero-points): ${parts.join(', ')}.`
  );
}

export const ERROR_COLUMNS = [
  'Scheme',
  'Bits per weight',
  'RMS error (% of RMS)',
  'Largest error (× RMS)',
] as const;

export function errorRows(r: WeightGridResult): string[][] {
  return r.errors.map((e, k) => [
    k === r.chosen ? `${e.name} (shown)` : e.name,
    formatNumber(e.bitsPerWeight, 4),
    formatPercent(e.rmsError),
    formatNumber(e.maxError),
  ]);
}

export const GROUP_COLUMNS = ['Input feature', 'Weight (f32)', 'Stored as'] as const;

export function groupRows({ group }: WeightGridResult): string[][] {
  return group.values.map((w, i) => [
    formatInteger(group.start + i),
    formatValue(w, 4),
    formatValue(group.stored[i]!, 4),
  ]);
}

export const HISTOGRAM_COLUMNS = ['From', 'To', 'Weights'] as const;

export function histogramRows({ histogram }: WeightGridResult): string[][] {
  return histogram.map((b) => [formatValue(b.x0, 3), formatValue(b.x1, 3), formatInteger(b.count)]);
}
