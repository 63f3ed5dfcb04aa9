/**
 * Bars for the KV-head variants, one per variant in the order measured: either the KV bytes held (measured bar,
 * analytic tick) or the median decode step (measured bar, predicted tick where the device was measured).
 */
import * as Plot from '@observablehq/plot';
import { formatNumber } from '../charts/format';
import { SERIES } from '../charts/palette';
import type { HeadVariantRow } from './head-variants';

export type HeadMetric = 'kv' | 'step';

const AXES: Record<HeadMetric, { label: string; measured: string; model: string }> = {
  kv: { label: '↑ KV cache held (MB)', measured: 'measured', model: 'analytic' },
  step: { label: '↑ Decode step (ms)', measured: 'measured', model: 'analytic, your device' },
};

export function headVariantsChart(rows: readonly HeadVariantRow[], metric: HeadMetric): Plot.PlotOptions {
  const axis = AXES[metric];
  const data = rows.map((r) => ({
    label: r.label,
    value: metric === 'kv' ? r.kvBytes / 1e6 : r.stepSeconds * 1e3,
    model:
      metric === 'kv'
        ? r.analyticKvBytes / 1e6
        : r.predictedSeconds === undefined
          ? undefined
          : r.predictedSeconds * 1e3,
  }));
  const modelled = data.filter((d) => d.model !== undefined);
  return {
    marginLeft: 60,
    marginBottom: 45,
    // "MHA" over "K = 8": narrow enough for four bars on a phone.
    x: {
      domain: rows.map((r) => r.label),
      label: null,
      padding: 0.3,
      tickFormat: (d: string) => d.replace(', ', '\n'),
    },
    // Room above the tallest bar for its label, clear of the axis label.
    y: {
      label: axis.label,
      grid: true,
      zero: true,
      insetTop: 20,
      tickFormat: (d: number) => formatNumber(d),
    },
    color: {
      domain: [axis.measured, axis.model],
      range: [SERIES.memory, SERIES.secondary],
      legend: modelled.length > 0,
    },
    marks: [
      Plot.barY(data, { x: 'label', y: 'value', fill: () => axis.measured }),
      Plot.tickY(modelled, { x: 'label', y: 'model', stroke: () => axis.model, strokeWidth: 3 }),
      Plot.text(data, {
        x: 'label',
        y: 'value',
        text: (d: { value: number }) => formatNumber(d.value),
        dy: -8,
        fill: 'currentColor',
      }),
      Plot.ruleY([0]),
    ],
  };
}
