/**
 * The chart of pins set side by side (compare.ts chooses them): apart from the rest of the notebook so that Observable
 * Plot loads only once there is a chart to draw.
 */
import * as Plot from '@observablehq/plot';
import { formatSi } from '../charts/format';
import { columnUnit, overlayPoints, seriesName } from './compare';
import type { Pin } from './pins';

/** One line with dots per pin; log axes where a column spans more than a hundredfold and stays positive. */
export function overlayChart(pins: readonly Pin[], x: number, y: number): Plot.PlotOptions {
  const points = overlayPoints(pins, x, y);
  const scale = (values: number[]) => {
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    return lo > 0 && hi / lo > 100 ? ('log' as const) : ('linear' as const);
  };
  const columns = pins[0]!.columns;
  const ticks = (column: number) => (d: number) => formatSi(d, columnUnit(pins, column));
  return {
    marginLeft: 70,
    x: { label: columns[x] ?? null, type: scale(points.map((p) => p.x)), tickFormat: ticks(x) },
    y: { label: columns[y] ?? null, type: scale(points.map((p) => p.y)), grid: true, tickFormat: ticks(y) },
    color: { legend: true, domain: pins.map(seriesName) },
    marks: [
      Plot.line(points, { x: 'x', y: 'y', stroke: 'pin', sort: 'x' }),
      Plot.dot(points, { x: 'x', y: 'y', fill: 'pin', r: 3 }),
    ],
  };
}
