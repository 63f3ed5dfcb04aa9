/**
 * One model shape served with multi-head attention and with grouped-query attention on one GPU, as the batch
 * grows: memory, decode step latency and throughput from engine/analytic's memory-bound decode step, each curve
 * ending where its weights and KV caches no longer fit. Analytic: a published shape and a datasheet's GPU.
 */
import * as Plot from '@observablehq/plot';
import { analytic } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds, formatSi } from '../charts/format';
import { SERIES } from '../charts/palette';
import { MARGINS } from '../charts/margins';
import { ruleLabel } from '../charts/marks';

/** What the chart plots against the batch. */
export type ServingMetric = 'throughput' | 'latency' | 'memory';

export interface ServingVariant {
  /** Key/value heads. */
  K: number;
  label: string;
  /** Largest batch that fits at the context (0 when the weights alone overflow). */
  maxBatch: number;
  weightBytes: number;
  /** Decode steps at every batch on the grid, fitting or not. */
  steps: analytic.DecodeStep[];
}

export interface GqaServing {
  modelName: string;
  deviceName: string;
  deviceMemory: number;
  S: number;
  variants: ServingVariant[];
}

/** Batches 1 … a quarter past the largest that fits, holding each largest fit and the batch after it. */
function batchGrid(fits: readonly number[], steps = 48): number[] {
  const edge = Math.max(8, Math.ceil(Math.max(...fits) * 1.25));
  const stride = Math.max(1, Math.ceil(edge / steps));
  const grid = new Set<number>([1, edge]);
  for (let b = stride; b <= edge; b += stride) grid.add(b);
  for (const fit of fits.filter((f) => f > 0)) grid.add(fit).add(fit + 1);
  return [...grid].sort((a, b) => a - b);
}

/** The model at each K in `heads` (its own shape otherwise), on the device, at context S, weights and cache in bf16. */
export function gqaServing(
  model: analytic.ModelPreset,
  device: analytic.Hardware,
  S: number,
  heads: readonly number[],
): GqaServing {
  const setups = heads.map((K) => ({
    K,
    setup: { model: { ...model.shape, K }, device, weightDtype: 'bf16', kvDtype: 'bf16' } as const,
  }));
  const fits = setups.map(({ setup }) => analytic.maxBatch(setup, S));
  const grid = batchGrid(fits);
  return {
    modelName: model.name,
    deviceName: device.name,
    deviceMemory: device.memoryBytes,
    S,
    variants: setups.map(({ K, setup }, i) => ({
      K,
      label: `K = ${K}${K === model.shape.N ? ' (multi-head)' : ''}`,
      maxBatch: fits[i]!,
      weightBytes: analytic.weightBytes(setup),
      steps: grid.map((B) => analytic.decodeStep(setup, B, S)),
    })),
  };
}

/** The step at a variant's largest batch, or undefined when nothing fits. */
export function atLargestBatch(v: ServingVariant): analytic.DecodeStep | undefined {
  return v.steps.find((s) => s.B === v.maxBatch);
}

/** One sentence per variant on where it runs out and how fast it is there, for screen readers. */
export function describeGqaServing({ modelName, deviceName, S, variants }: GqaServing): string {
  const parts = variants.map((v) => {
    const best = atLargestBatch(v);
    if (!best) return `with ${v.label} the weights alone do not fit`;
    return (
      `with ${v.label} at most ${formatInteger(v.maxBatch)} sequences fit, decoding ` +
      `${formatNumber(best.tokensPerSecond)} tokens/s at ${formatSeconds(best.seconds)} a step`
    );
  });
  return `${modelName} on an ${deviceName} at ${formatInteger(S)} tokens per sequence: ${parts.join('; ')}.`;
}

const METRIC = {
  throughput: {
    label: '↑ Throughput (tokens/s)',
    value: (s: analytic.DecodeStep) => s.tokensPerSecond,
    format: (v: number) => formatNumber(v),
  },
  latency: {
    label: '↑ Decode step (ms)',
    value: (s: analytic.DecodeStep) => s.seconds * 1e3,
    format: (v: number) => formatNumber(v),
  },
  memory: {
    label: '↑ Memory (GB)',
    value: (s: analytic.DecodeStep) => s.memoryBytes / 1e9,
    format: (v: number) => formatNumber(v),
  },
} as const;

const COLOURS = [SERIES.compute, SERIES.memory, SERIES.secondary];

export function gqaServingChart(serving: GqaServing, metric: ServingMetric): Plot.PlotOptions {
  const { value, label, format } = METRIC[metric];
  const points = serving.variants.flatMap((v) =>
    v.steps.filter((s) => s.fits).map((s) => ({ B: s.B, y: value(s), variant: v.label })),
  );
  const limits = serving.variants
    .filter((v) => v.maxBatch > 0)
    .map((v) => ({ B: v.maxBatch, y: value(atLargestBatch(v)!), variant: v.label }));
  const labels = serving.variants.map((v) => v.label);
  return {
    ...MARGINS,
    x: { label: 'Batch B (sequences) →', labelAnchor: 'center', grid: true, tickFormat: format },
    y: { label, grid: true, zero: true, tickFormat: format },
    color: { domain: labels, range: COLOURS.slice(0, labels.length), legend: true },
    marks: [
      ...(metric === 'memory'
        ? [
            Plot.ruleY([serving.deviceMemory / 1e9], {
              stroke: 'currentColor',
              strokeWidth: 1.5,
              strokeDasharray: '6 3',
            }),
            ruleLabel(
              serving.deviceMemory / 1e9,
              `${serving.deviceName}: ${formatSi(serving.deviceMemory, 'B')}`,
            ),
          ]
        : []),
      Plot.line(points, { x: 'B', y: 'y', stroke: 'variant', strokeWidth: 2 }),
      Plot.dot(limits, { x: 'B', y: 'y', fill: 'variant', r: 5 }),
      Plot.text(limits, {
        x: 'B',
        y: 'y',
        text: (d: { B: number }) => `full at ${formatInteger(d.B)}`,
        dy: -12,
        textAnchor: 'end',
        fill: 'currentColor',
      }),
      Plot.ruleY([0]),
    ],
  };
}
