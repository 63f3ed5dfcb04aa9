/**
 * Lines against context, one colour per variant (full attention, window, shared cache): the KV cache held or the
 * median decode step, measured (solid, with dots), beside the analytic cache or the predicted step (dashed).
 */
import * as Plot from '@observablehq/plot';
import { formatNumber } from '../charts/format';
import { SERIES } from '../charts/palette';
import type { SavingsPoint } from './kv-savings';

export type SavingsMetric = 'kv' | 'step';

const LABELS: Record<SavingsMetric, string> = {
  kv: '↑ KV cache held (MB)',
  step: '↑ Decode step (ms)',
};

const measured = (p: SavingsPoint, metric: SavingsMetric) =>
  metric === 'kv' ? p.kvBytes / 1e6 : p.stepSeconds * 1e3;

const modelled = (p: SavingsPoint, metric: SavingsMetric) =>
  metric === 'kv'
    ? p.analyticKvBytes / 1e6
    : p.predictedSeconds === undefined
      ? undefined
      : p.predictedSeconds * 1e3;

export function savingsChart(points: readonly SavingsPoint[], metric: SavingsMetric): Plot.PlotOptions {
  const variants = [...new Set(points.map((p) => p.variant))];
  const data = points.map((p) => ({ ...p, value: measured(p, metric), model: modelled(p, metric) }));
  const model = data.filter((d) => d.model !== undefined);
  return {
    marginLeft: 60,
    marginBottom: 45,
    x: { label: 'Context (tokens) →', grid: true, tickFormat: (d: number) => formatNumber(d) },
    y: { label: LABELS[metric], grid: true, zero: true, tickFormat: (d: number) => formatNumber(d) },
    color: {
      domain: variants,
      range: [SERIES.memory, SERIES.compute, SERIES.secondary],
      legend: true,
    },
    marks: [
      Plot.line(model, {
        x: 'context',
        y: 'model',
        z: 'variant',
        stroke: 'variant',
        strokeWidth: 1.5,
        strokeDasharray: '5 4',
      }),
      Plot.line(data, { x: 'context', y: 'value', z: 'variant', stroke: 'variant', strokeWidth: 2.5 }),
      Plot.dot(data, { x: 'context', y: 'value', fill: 'variant', r: 3.5 }),
      Plot.ruleY([0]),
    ],
  };
}
