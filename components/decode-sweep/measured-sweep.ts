/**
 * The measured batch sweep: the session shape it needs, where decode stops being memory-bound (the first batch
 * whose step takes half as long again as a single sequence's), and the chart of throughput against step latency.
 */
import * as Plot from '@observablehq/plot';
import type { DecodeSweepPoint, SessionShape } from '@engine/index';
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

/** Log axes when the values span more than a decade; linear ones otherwise, which label their ticks better. */
export function scaleFor(values: readonly number[]): 'log' | 'linear' {
  return Math.max(...values) > 10 * Math.min(...values) ? 'log' : 'linear';
}

export function measuredSweepChart(points: readonly DecodeSweepPoint[]): Plot.PlotOptions {
  const data = points.map((p) => ({ ...p, ms: p.stepSeconds * 1e3 }));
  const bend = knee(points);
  const marked = data.filter((p) => p.batch === bend?.batch);
  return {
    marginLeft: 70,
    marginRight: 40,
    marginBottom: 45,
    x: {
      type: scaleFor(data.map((d) => d.ms)),
      labelAnchor: 'center',
      label: 'Step latency, measured (ms per token) →',
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
    },
    y: {
      type: scaleFor(data.map((d) => d.tokensPerSecond)),
      label: '↑ Throughput, measured (tokens/s)',
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
    },
    marks: [
      Plot.line(data, { x: 'ms', y: 'tokensPerSecond', stroke: SERIES.memory, strokeWidth: 2.5 }),
      Plot.dot(data, { x: 'ms', y: 'tokensPerSecond', r: 5, fill: SERIES.memory }),
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
