/**
 * The chart of decode speed per weight format: a bar per format of the measured batch-1 step time, the analytic
 * step (from the device's measured copy bandwidth) marked across it, formats most bytes first. Horizontal bars with
 * two-line format names, so it reads at a phone's width.
 */
import * as Plot from '@observablehq/plot';
import { barsX } from '../charts/axes';
import { formatNumber } from '../charts/format';
import { barValues } from '../charts/marks';
import { SERIES } from '../charts/palette';
import { chartOrder, type FormatPoint } from './format-speed';

export const MEASURED = 'measured (this device)';
export const PREDICTED = 'analytic (from measured bandwidth)';

/** Room past the longest bar for its label. */
const LABEL_ROOM = 1.45;

/** "int4 g128" → "int4\ng128": the name over two lines, to keep the left margin narrow. */
function twoLines(name: string): string {
  const space = name.indexOf(' ');
  return space < 0 ? name : `${name.slice(0, space)}\n${name.slice(space + 1)}`;
}

/**
 * Measured step time per format as bars, the analytic step as a tick across each; `formats` names every format of
 * the run, most bytes first, so rows keep their places while results stream in.
 */
export function formatSpeedChart(
  points: readonly FormatPoint[],
  formats: readonly string[] = chartOrder(points).map((p) => p.name),
): Plot.PlotOptions {
  const data = chartOrder(points).map((p) => ({
    ...p,
    ms: p.stepSeconds * 1e3,
    label: `${formatNumber(p.stepSeconds * 1e3)} ms`,
  }));
  const predicted = data
    .filter((p) => p.predictedSeconds !== undefined)
    .map((p) => ({ name: p.name, ms: p.predictedSeconds! * 1e3 }));
  const top = Math.max(1e-3, ...data.map((d) => d.ms), ...predicted.map((d) => d.ms)) * LABEL_ROOM;
  return {
    marginLeft: 76,
    marginRight: 16,
    marginBottom: 45,
    x: barsX('Decode step, batch 1 (ms) →', top),
    y: { label: null, domain: [...formats], tickFormat: twoLines, padding: 0.25 },
    color: {
      domain: [MEASURED, PREDICTED],
      range: [SERIES.memory, SERIES.compute],
      legend: predicted.length > 0,
    },
    marks: [
      Plot.barX(data, { x: 'ms', y: 'name', fill: () => MEASURED }),
      Plot.tickX(predicted, { x: 'ms', y: 'name', stroke: () => PREDICTED, strokeWidth: 3 }),
      barValues(data, {
        x: (d: (typeof data)[number]) => Math.max(d.ms, predicted.find((p) => p.name === d.name)?.ms ?? 0),
        y: 'name',
        text: 'label',
      }),
      Plot.ruleX([0]),
    ],
  };
}
