/**
 * The measured batch sweep: the session shape it needs, where decode stops being memory-bound (the first batch
 * whose step takes half as long again as a single sequence's), what engine/analytic's decode-step model predicts
 * for the same model on this device's measured bandwidth and peak, and the chart of throughput against step
 * latency, measured and predicted.
 */
import { scaleFor } from '../charts/axes';
import * as Plot from '@observablehq/plot';
import { measuredSetup } from '../device/measured-hardware';
import {
  analytic,
  type DecodeSweepPoint,
  type DeviceRates,
  type LlamaConfig,
  type SessionShape,
} from '@engine/index';
import { formatInteger, formatNumber, formatSeconds } from '../charts/format';
import { SERIES } from '../charts/palette';

/** Tokens each sequence holds before the timed steps, and the steps timed per batch size. */
export const SWEEP_CONTEXT = 64;
export const SWEEP_STEPS = 6;

/** Cache and step sizes for batches up to maxBatch. */
export function sweepShape(maxBatch: number): SessionShape {
  const blockSize = 16;
  return {
    blockSize,
    numBlocks: maxBatch * Math.ceil((SWEEP_CONTEXT + SWEEP_STEPS + 2) / blockSize),
    maxTokens: Math.max(maxBatch, SWEEP_CONTEXT),
    maxLogitRows: maxBatch,
  };
}

/** Batch sizes 1, 2, 4, … up to maxBatch. */
export function sweepBatches(maxBatch: number): number[] {
  const batches: number[] = [];
  for (let b = 1; b <= maxBatch; b *= 2) batches.push(b);
  return batches;
}

/** Step time grows by half over batch 1: past here the step is no longer just reading the weights. */
export const KNEE_RATIO = 1.5;

/** The first batch whose step takes KNEE_RATIO times batch 1's, or undefined if none does. */
export function knee(points: readonly DecodeSweepPoint[]): DecodeSweepPoint | undefined {
  const base = points.find((p) => p.batch === 1);
  return base && points.find((p) => p.stepSeconds >= KNEE_RATIO * base.stepSeconds);
}

/**
 * The analytic decode step of `config` in f32 on this device's measured bandwidth and peak, at each batch size,
 * averaged over the contexts the sweep's timed steps run at (after SWEEP_CONTEXT cached tokens and one untimed step).
 */
export function predictedSweep(
  config: LlamaConfig,
  rates: DeviceRates,
  batches: readonly number[],
): DecodeSweepPoint[] {
  const setup = measuredSetup(config, rates);
  // Timed step i attends over SWEEP_CONTEXT + 1 + i cached tokens and itself.
  const contexts = Array.from({ length: SWEEP_STEPS }, (_, i) => SWEEP_CONTEXT + 2 + i);
  return batches.map((batch) => {
    const stepSeconds =
      contexts.reduce((sum, S) => sum + analytic.decodeStep(setup, batch, S).seconds, 0) / contexts.length;
    return { batch, stepSeconds, tokensPerSecond: batch / stepSeconds };
  });
}

/** How the measured step compares with the prediction at batch 1, or '' without a prediction. */
export function describePrediction(
  points: readonly DecodeSweepPoint[],
  predicted: readonly DecodeSweepPoint[],
): string {
  const measured = points.find((p) => p.batch === 1);
  const model = predicted.find((p) => p.batch === 1);
  if (!measured || !model) return '';
  return (
    `From your measured bandwidth and peak, the analytic model predicts ${formatSeconds(model.stepSeconds)} per step at batch 1; ` +
    `the measured step takes ${formatNumber(measured.stepSeconds / model.stepSeconds, 2)} times that. ` +
    'The model counts only bytes moved and FLOPs; whatever else a step pays for (launching kernels, waiting ' +
    'for them, reading the logits back) makes up the difference.'
  );
}

export function describeMeasuredSweep(points: readonly DecodeSweepPoint[], where: string): string {
  const first = points[0];
  const best = points.reduce<DecodeSweepPoint | undefined>(
    (a, b) => (!a || b.tokensPerSecond > a.tokensPerSecond ? b : a),
    undefined,
  );
  if (!first || !best) return 'Not measured yet.';
  const bend = knee(points);
  const knees = bend
    ? `From batch ${formatInteger(bend.batch)} a step takes ${formatNumber(bend.stepSeconds / first.stepSeconds, 2)} times as long as batch 1's: decode is no longer only reading weights.`
    : `Up to batch ${formatInteger(points.at(-1)!.batch)} a step costs about what batch 1's does: decode stays memory-bound.`;
  return (
    `Measured on ${where}: batch 1 takes ${formatSeconds(first.stepSeconds)} per step (${formatNumber(first.tokensPerSecond)} tokens/s); ` +
    `the best is ${formatNumber(best.tokensPerSecond)} tokens/s at batch ${formatInteger(best.batch)}. ${knees}`
  );
}

/** The figures beside the chart: batch 1's step, measured and predicted, the best throughput and the knee. */
export function sweepReadout(points: readonly DecodeSweepPoint[], predicted: readonly DecodeSweepPoint[]) {
  const first = points[0];
  if (!first) return [];
  const bend = knee(points);
  return [
    { label: 'Batch 1 step', value: formatSeconds(first.stepSeconds), provenance: 'measured' as const },
    ...predicted.slice(0, 1).map((p) => ({
      label: 'Batch 1 step, predicted',
      value: formatSeconds(p.stepSeconds),
      provenance: 'analytic' as const,
    })),
    {
      label: 'Best throughput',
      value: `${formatNumber(Math.max(...points.map((p) => p.tokensPerSecond)))} tokens/s`,
      provenance: 'measured' as const,
    },
    {
      label: `Step ×${KNEE_RATIO} at batch`,
      value: bend ? formatInteger(bend.batch) : `beyond ${formatInteger(points.at(-1)!.batch)}`,
      provenance: 'measured' as const,
    },
  ];
}

/** The table's columns, and a row per batch: step latency and throughput, measured and predicted. */
export const SWEEP_COLUMNS = [
  'Batch B',
  'Step latency, measured',
  'Step latency, analytic',
  'Throughput, measured (tokens/s)',
  'Throughput, analytic (tokens/s)',
];

export function sweepRows(
  points: readonly DecodeSweepPoint[],
  predicted: readonly DecodeSweepPoint[],
): string[][] {
  return points.map((p, i) => {
    const model = predicted[i];
    return [
      formatInteger(p.batch),
      formatSeconds(p.stepSeconds),
      model ? formatSeconds(model.stepSeconds) : '—',
      formatNumber(p.tokensPerSecond),
      model ? formatNumber(model.tokensPerSecond) : '—',
    ];
  });
}

export const MEASURED = 'measured';
export const PREDICTED = 'analytic, your device';

/** Measured throughput against latency, one labelled point per batch, and the analytic prediction beside it. */
export function measuredSweepChart(
  points: readonly DecodeSweepPoint[],
  predicted: readonly DecodeSweepPoint[] = [],
): Plot.PlotOptions {
  const data = points.map((p) => ({ ...p, ms: p.stepSeconds * 1e3 }));
  const model = predicted.map((p) => ({ ...p, ms: p.stepSeconds * 1e3 }));
  const bend = knee(points);
  const marked = data.filter((p) => p.batch === bend?.batch);
  const both = [...data, ...model];
  return {
    marginLeft: 70,
    marginRight: 40,
    marginBottom: 45,
    x: {
      type: scaleFor(both.map((d) => d.ms)),
      // Room on the left for the labels, which sit left of their points.
      insetLeft: 40,
      insetRight: 10,
      labelAnchor: 'center',
      label: 'Step latency (ms per token) →',
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
    },
    y: {
      type: scaleFor(both.map((d) => d.tokensPerSecond)),
      inset: 10,
      label: '↑ Throughput (tokens/s)',
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
    },
    color: {
      domain: [MEASURED, PREDICTED],
      range: [SERIES.memory, SERIES.secondary],
      legend: model.length > 0,
    },
    marks: [
      Plot.line(model, {
        x: 'ms',
        y: 'tokensPerSecond',
        stroke: () => PREDICTED,
        strokeWidth: 2,
        strokeDasharray: '6 4',
      }),
      Plot.dot(model, { x: 'ms', y: 'tokensPerSecond', r: 4, stroke: () => PREDICTED, strokeWidth: 2 }),
      Plot.text(
        [model[0], model.at(-1)].filter((d) => d !== undefined),
        {
          x: 'ms',
          y: 'tokensPerSecond',
          text: (d: DecodeSweepPoint) => `B=${d.batch}`,
          dx: 8,
          dy: 10,
          textAnchor: 'start',
          fill: SERIES.secondary,
        },
      ),
      Plot.line(data, { x: 'ms', y: 'tokensPerSecond', stroke: () => MEASURED, strokeWidth: 2.5 }),
      Plot.dot(data, { x: 'ms', y: 'tokensPerSecond', r: 5, fill: () => MEASURED }),
      Plot.text(data, {
        x: 'ms',
        y: 'tokensPerSecond',
        text: (d: DecodeSweepPoint) => `B=${d.batch}`,
        dx: -8,
        dy: -10,
        textAnchor: 'end',
        fill: 'currentColor',
      }),
      Plot.dot(marked, { x: 'ms', y: 'tokensPerSecond', r: 9, stroke: SERIES.compute, strokeWidth: 2.5 }),
      Plot.text(marked, {
        x: 'ms',
        y: 'tokensPerSecond',
        text: () => `step time ×${KNEE_RATIO}`,
        dx: 12,
        dy: 12,
        textAnchor: 'start',
        fill: SERIES.compute,
        fontWeight: 600,
      }),
    ],
  };
}
