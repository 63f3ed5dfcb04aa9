/**
 * Memory a serving setup needs as the batch or the context grows, the other held fixed: the weights (flat) with
 * every sequence's KV cache stacked on top, against the device's memory. Analytic: engine/analytic's sizes and a
 * preset's published memory. Marks the largest batch, or the longest context, that fits.
 */
import * as Plot from '@observablehq/plot';
import { analytic } from '@engine/index';
import { formatInteger, formatNumber, formatSi } from '../charts/format';
import { SERIES } from '../charts/palette';
import { MARGINS } from '../charts/margins';

/** What the chart sweeps along its x axis. */
export type KvAxis = 'batch' | 'context';

export interface KvMemoryPoint {
  /** Batch B or context S, whichever the axis sweeps. */
  x: number;
  weightBytes: number;
  kvBytes: number;
}

export interface KvMemory {
  axis: KvAxis;
  /** Context per sequence, in tokens. */
  S: number;
  /** The batch the reader chose. */
  B: number;
  /** Memory from 0 to the chart's right edge along the axis. */
  points: KvMemoryPoint[];
  /** Largest batch at S (batch axis) or longest context at B (context axis) that fits; 0 if none does. */
  limit: number;
  deviceMemory: number;
  deviceName: string;
}

/** An even grid from 0 to a little past both the chosen value and the limit, holding both. */
function grid(chosen: number, limit: number, floor: number, steps: number): number[] {
  const edge = Math.max(floor, Math.ceil(Math.max(chosen, limit) * 1.25));
  const stride = Math.max(1, Math.ceil(edge / steps));
  const values = new Set<number>();
  for (let v = 0; v <= edge; v += stride) values.add(v);
  for (const v of [chosen, limit, edge]) values.add(v);
  return [...values].sort((a, b) => a - b);
}

/** Memory against batch (at context S) or against context (at batch B). */
export function kvMemory(
  setup: analytic.ServingSetup,
  S: number,
  B: number,
  axis: KvAxis = 'batch',
  steps = 48,
): KvMemory {
  const weightBytes = analytic.weightBytes(setup);
  const limit = axis === 'batch' ? analytic.maxBatch(setup, S) : analytic.maxContext(setup, B);
  const points =
    axis === 'batch'
      ? grid(B, limit, 8, steps).map((b) => ({
          x: b,
          weightBytes,
          kvBytes: analytic.kvCacheBytes(setup, b, S),
        }))
      : grid(S, limit, 1024, steps).map((s) => ({
          x: s,
          weightBytes,
          kvBytes: analytic.kvCacheBytes(setup, B, s),
        }));
  return { axis, S, B, points, limit, deviceMemory: setup.device.memoryBytes, deviceName: setup.device.name };
}

/** One sentence stating the result, for screen readers and the figure's live summary. */
export function describeKvMemory(
  { axis, S, B, points, limit, deviceMemory, deviceName }: KvMemory,
  modelName: string,
): string {
  const chosen = points.find((p) => p.x === (axis === 'batch' ? B : S))!;
  const total = chosen.weightBytes + chosen.kvBytes;
  const head =
    `${modelName} at ${formatInteger(S)} tokens per sequence: ${formatInteger(B)} sequences need ` +
    `${formatSi(total, 'B')} (weights ${formatSi(chosen.weightBytes, 'B')}, KV cache ${formatSi(chosen.kvBytes, 'B')}) ` +
    `of the ${deviceName}'s ${formatSi(deviceMemory, 'B')}`;
  if (limit === 0) return `${head}; the cache has no room beside the weights.`;
  if (axis === 'batch') return `${head}; at most ${formatInteger(limit)} sequences fit.`;
  return `${head}; at this batch each sequence can hold at most ${formatInteger(limit)} tokens.`;
}

const AXIS = {
  batch: { label: 'Batch B (sequences) →', limit: 'largest batch that fits', chosen: 'B' },
  context: { label: 'Context length S (tokens) →', limit: 'longest context that fits', chosen: 'S' },
} as const;

export function kvMemoryChart({
  axis,
  S,
  B,
  points,
  limit,
  deviceMemory,
  deviceName,
}: KvMemory): Plot.PlotOptions {
  const gb = (bytes: number) => bytes / 1e9;
  const parts = points.flatMap((p) => [
    { x: p.x, part: 'weights', gb: gb(p.weightBytes) },
    { x: p.x, part: 'KV cache', gb: gb(p.kvBytes) },
  ]);
  const at = axis === 'batch' ? B : S;
  const chosen = points.filter((p) => p.x === at).map((p) => ({ x: p.x, gb: gb(p.weightBytes + p.kvBytes) }));
  const edge = points[points.length - 1]?.x ?? 0;
  const labelLeft = limit > edge / 2;
  const top = Math.max(gb(deviceMemory), ...points.map((p) => gb(p.weightBytes + p.kvBytes)));
  const { label, limit: limitText, chosen: chosenName } = AXIS[axis];
  return {
    ...MARGINS,
    x: { label, labelAnchor: 'center', tickFormat: (d: number) => formatNumber(d), grid: true },
    y: {
      label: '↑ Memory (GB)',
      domain: [0, top * 1.08],
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
    },
    color: { domain: ['weights', 'KV cache'], range: [SERIES.memory, SERIES.compute], legend: true },
    marks: [
      Plot.areaY(parts, { x: 'x', y: 'gb', fill: 'part', fillOpacity: 0.55, curve: 'linear' }),
      Plot.ruleY([gb(deviceMemory)], { stroke: 'currentColor', strokeWidth: 1.5, strokeDasharray: '6 3' }),
      Plot.text([gb(deviceMemory)], {
        x: points[0]?.x ?? 0,
        y: (d: number) => d,
        text: () => `${deviceName}: ${formatSi(deviceMemory, 'B')}`,
        dy: -8,
        dx: 4,
        textAnchor: 'start',
        fill: 'currentColor',
      }),
      ...(limit > 0
        ? [
            Plot.ruleX([limit], { stroke: SERIES.point, strokeWidth: 1.5 }),
            Plot.text([limit], {
              x: (d: number) => d,
              frameAnchor: 'top',
              text: (d: number) => `${limitText}: ${formatInteger(d)}`,
              dx: labelLeft ? -4 : 4,
              dy: 4,
              textAnchor: labelLeft ? 'end' : 'start',
              fill: SERIES.point,
              fontWeight: 600,
            }),
          ]
        : []),
      Plot.dot(chosen, { x: 'x', y: 'gb', r: 5, fill: 'currentColor' }),
      Plot.text(chosen, {
        x: 'x',
        y: 'gb',
        text: (d: { x: number }) => `${chosenName}=${formatInteger(d.x)}`,
        dy: -12,
        textAnchor: 'middle',
        fill: 'currentColor',
      }),
      Plot.ruleY([0]),
    ],
  };
}
