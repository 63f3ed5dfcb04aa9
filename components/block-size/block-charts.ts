/**
 * The block-size widget's two charts, against tokens per block on a log₂ axis with the chosen size marked: the
 * attention call's measured time, and the stream's analytic cost in memory and bookkeeping, the slots left empty in
 * last blocks (rising with the block) beside the page-table entries (falling with it).
 */
import * as Plot from '@observablehq/plot';
import type { AttentionBlockPoint, analytic } from '@engine/index';
import { formatInteger, formatNumber } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { SERIES } from '../charts/palette';
import { BLOCK_SIZES } from './block-request';

export const MEASURED = 'attention call, measured';
export const EMPTY_SLOTS = 'KV slots left empty';
export const TABLE_ENTRIES = 'page-table entries';

/** The block-size axis: 1 to 128, every power of two labelled. */
const blockAxis: Plot.ScaleOptions = {
  type: 'log',
  base: 2,
  domain: [BLOCK_SIZES[0], BLOCK_SIZES.at(-1)!],
  ticks: [...BLOCK_SIZES],
  tickFormat: (d: number) => formatInteger(d),
  label: 'Block size (tokens) →',
  labelAnchor: 'center',
  grid: true,
};

/** A vertical rule at the chosen block size, labelled at the top. */
function chosenMark(chosen: number): Plot.Markish[] {
  const right = chosen < 16;
  return [
    Plot.ruleX([chosen], { stroke: SERIES.point, strokeWidth: 1.5 }),
    Plot.text([chosen], {
      x: (d: number) => d,
      frameAnchor: 'top',
      text: (d: number) => `${formatInteger(d)} per block`,
      dx: right ? 6 : -6,
      dy: 4,
      textAnchor: right ? 'start' : 'end',
      fill: SERIES.point,
      fontWeight: 600,
    }),
  ];
}

/** Time per attention call at each block size measured, from zero: in µs, or in ms once a call takes one. */
export function attentionTimeChart(points: readonly AttentionBlockPoint[], chosen: number): Plot.PlotOptions {
  const slow = points.some((p) => p.seconds >= 1e-3);
  const data = points.map((p) => ({ blockSize: p.blockSize, t: p.seconds * (slow ? 1e3 : 1e6) }));
  const top = Math.max(0, ...data.map((d) => d.t));
  const picked = data.filter((d) => d.blockSize === chosen);
  return {
    ...MARGINS,
    x: blockAxis,
    y: {
      domain: [0, top > 0 ? top * 1.15 : 1],
      ...(data.length ? {} : { ticks: [] }),
      label: `↑ Attention call (${slow ? 'ms' : 'µs'})`,
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
    },
    color: { domain: [MEASURED], range: [SERIES.memory], legend: true },
    marks: [
      ...chosenMark(chosen),
      Plot.line(data, { x: 'blockSize', y: 't', stroke: () => MEASURED, strokeWidth: 2.5 }),
      Plot.dot(data, { x: 'blockSize', y: 't', r: 3.5, fill: () => MEASURED }),
      Plot.dot(picked, { x: 'blockSize', y: 't', r: 6, stroke: SERIES.point, strokeWidth: 2.5 }),
    ],
  };
}

/** The stream's empty slots and page-table entries at each block size, counted. */
export function blockCostChart(costs: readonly analytic.BlockWaste[], chosen: number): Plot.PlotOptions {
  const data = costs.flatMap((c) => [
    { blockSize: c.blockSize, count: c.wastedSlots, series: EMPTY_SLOTS },
    { blockSize: c.blockSize, count: c.tableEntries, series: TABLE_ENTRIES },
  ]);
  const top = Math.max(1, ...data.map((d) => d.count));
  return {
    ...MARGINS,
    x: blockAxis,
    y: {
      domain: [0, top * 1.15],
      label: '↑ Count, all sequences',
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
    },
    color: { domain: [EMPTY_SLOTS, TABLE_ENTRIES], range: [SERIES.compute, SERIES.secondary], legend: true },
    marks: [
      ...chosenMark(chosen),
      Plot.line(data, { x: 'blockSize', y: 'count', stroke: 'series', strokeWidth: 2.5 }),
      Plot.dot(data, { x: 'blockSize', y: 'count', r: 3.5, fill: 'series' }),
      Plot.dot(
        data.filter((d) => d.blockSize === chosen),
        { x: 'blockSize', y: 'count', r: 6, stroke: SERIES.point, strokeWidth: 2.5 },
      ),
    ],
  };
}
