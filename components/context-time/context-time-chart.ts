/**
 * The chart of decode step time against context length: the measured median steps, the analytic prediction on
 * this device beside them with the share of it that is reading the weights, and the context where KV reads
 * overtake weight reads marked.
 */
import * as Plot from '@observablehq/plot';
import { contextTick } from '../charts/axes';
import { scaleFor } from '../charts/axes';
import type { ContextSweepPoint } from '@engine/index';
import { formatInteger, formatNumber } from '../charts/format';
import { SERIES } from '../charts/palette';
import type { PredictedPoint } from './context-time';
import { MARGINS } from '../charts/margins';

export const MEASURED = 'measured (median step)';
export const PREDICTED = 'analytic, your device';
export const WEIGHTS = 'reading the weights alone';

export function contextTimeChart(
  points: readonly ContextSweepPoint[],
  predicted: readonly PredictedPoint[],
  crossing: number,
  contexts: readonly number[],
): Plot.PlotOptions {
  const data = points.map((p) => ({ context: p.context, ms: p.stepSeconds * 1e3 }));
  const model = predicted.map((p) => ({ context: p.context, ms: p.stepSeconds * 1e3 }));
  const weights = predicted.map((p) => ({ context: p.context, ms: p.weightSeconds * 1e3 }));
  const first = contexts[0] ?? 1;
  const last = contexts.at(-1) ?? first;
  const inside = crossing >= first && crossing <= last;
  const labelLeft = Math.log(crossing) > (Math.log(first) + Math.log(last)) / 2;
  const ticks = contexts.filter((c) => Number.isInteger(Math.log2(c)));
  const all = [...data, ...model, ...weights].map((d) => d.ms);
  // Log when measured and predicted lie decades apart (as on a CPU-emulated GPU); from zero otherwise.
  const type = all.length ? scaleFor(all) : 'linear';
  return {
    ...MARGINS,
    x: {
      type: 'log',
      base: 2,
      domain: [first, last],
      label: 'Context S (tokens in the cache; 1k = 1,024) →',
      labelAnchor: 'center',
      ticks,
      tickFormat: contextTick,
      grid: true,
    },
    y: {
      type,
      // A log axis rounded out to whole decades, so the highest points sit below a labelled tick.
      ...(type === 'linear' ? { domain: [0, all.length ? Math.max(...all) * 1.1 : 1] } : { nice: true }),
      ...(all.length ? {} : { ticks: [] }),
      label: '↑ Decode step (ms)',
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
    },
    color: {
      domain: [MEASURED, PREDICTED, WEIGHTS],
      range: [SERIES.memory, SERIES.secondary, SERIES.muted],
      legend: true,
    },
    marks: [
      Plot.ruleX(inside ? [crossing] : [], { stroke: SERIES.point, strokeWidth: 1.5 }),
      Plot.text(inside ? [crossing] : [], {
        x: (d: number) => d,
        frameAnchor: 'top',
        text: (d: number) => `KV reads overtake\nweight reads: S = ${formatInteger(d)}`,
        dx: labelLeft ? -6 : 6,
        dy: 6,
        textAnchor: labelLeft ? 'end' : 'start',
        fill: SERIES.point,
        fontWeight: 600,
      }),
      Plot.line(weights, {
        x: 'context',
        y: 'ms',
        stroke: () => WEIGHTS,
        strokeWidth: 1.5,
        strokeDasharray: '2 3',
      }),
      Plot.line(model, {
        x: 'context',
        y: 'ms',
        stroke: () => PREDICTED,
        strokeWidth: 2,
        strokeDasharray: '6 4',
      }),
      Plot.line(data, { x: 'context', y: 'ms', stroke: () => MEASURED, strokeWidth: 2.5 }),
      Plot.dot(data, { x: 'context', y: 'ms', r: 4, fill: () => MEASURED }),
    ],
  };
}
