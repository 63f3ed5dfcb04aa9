/**
 * Decode throughput against step latency as the batch grows, for one model on one device, from the memory-bound
 * model. Batches whose KV cache does not fit beside the weights are drawn hollow; the largest that fits is marked.
 */
import * as Plot from '@observablehq/plot';
import { analytic } from '@engine/index';
import { logX, logY } from '../charts/axes';
import { formatInteger, formatNumber, formatSeconds } from '../charts/format';
import { SERIES } from '../charts/palette';

export interface BatchSweepResult {
  steps: analytic.DecodeStep[];
  /** Largest batch that fits (0 if the weights alone do not). */
  maxFit: number;
}

/** Batches 1, 2, 4, … up to `limit`, plus the largest batch that fits, sorted. */
export function sweepWithLimit(setup: analytic.ServingSetup, S: number, limit: number): BatchSweepResult {
  const maxFit = analytic.maxBatch(setup, S);
  const steps = analytic.batchSweep(setup, S, limit);
  if (maxFit >= 1 && maxFit <= limit && !steps.some((s) => s.B === maxFit)) {
    steps.push(analytic.decodeStep(setup, maxFit, S));
    steps.sort((a, b) => a.B - b.B);
  }
  return { steps, maxFit };
}

/** One sentence stating the result, for screen readers and the figure's live summary. */
export function describeSweep(
  { steps, maxFit }: BatchSweepResult,
  modelName: string,
  deviceName: string,
  S: number,
): string {
  const first = steps[0];
  const best = steps.find((s) => s.B === maxFit);
  const start = `${modelName} on ${deviceName} at context ${formatInteger(S)}: `;
  if (!first || maxFit === 0) return `${start}the weights alone do not fit in the device's memory.`;
  const one = `batch 1 gives ${formatNumber(first.tokensPerSecond)} tokens/s at ${formatSeconds(first.seconds)} per step`;
  if (!best) return `${start}${one}.`;
  return (
    `${start}${one}; memory holds at most ${formatInteger(maxFit)} sequences, which give ` +
    `${formatNumber(best.tokensPerSecond)} tokens/s at ${formatSeconds(best.seconds)} per step (${best.bound}-bound).`
  );
}

export function batchSweepChart({ steps, maxFit }: BatchSweepResult): Plot.PlotOptions {
  const points = steps.map((s) => ({ ...s, ms: s.seconds * 1e3 }));
  const fitting = points.filter((p) => p.fits);
  const limit = points.filter((p) => p.B === maxFit);
  const labelled = [...fitting.filter((p) => p.B !== maxFit), ...points.slice(-1).filter((p) => !p.fits)];
  return {
    marginLeft: 70,
    marginRight: 40,
    marginBottom: 45,
    x: logX('Step latency (ms per token) →'),
    y: logY('↑ Throughput (tokens/s)'),
    marks: [
      Plot.line(points, { x: 'ms', y: 'tokensPerSecond', stroke: SERIES.muted, strokeDasharray: '3 3' }),
      Plot.line(fitting, { x: 'ms', y: 'tokensPerSecond', stroke: SERIES.memory, strokeWidth: 2.5 }),
      Plot.dot(points, {
        x: 'ms',
        y: 'tokensPerSecond',
        r: 5,
        fill: (d: analytic.DecodeStep) => (d.fits ? SERIES.memory : 'none'),
        stroke: (d: analytic.DecodeStep) => (d.fits ? SERIES.memory : SERIES.muted),
        strokeWidth: 1.5,
      }),
      Plot.text(labelled, {
        x: 'ms',
        y: 'tokensPerSecond',
        text: (d: analytic.DecodeStep) => `B=${d.B}`,
        dx: -8,
        dy: -10,
        textAnchor: 'end',
        fill: 'currentColor',
        fillOpacity: 0.75,
      }),
      Plot.dot(limit, { x: 'ms', y: 'tokensPerSecond', r: 9, stroke: SERIES.compute, strokeWidth: 2.5 }),
      Plot.text(limit, {
        x: 'ms',
        y: 'tokensPerSecond',
        text: (d: analytic.DecodeStep) => `memory full at B=${d.B}`,
        dx: 12,
        dy: 12,
        textAnchor: 'start',
        fill: SERIES.compute,
        fontWeight: 600,
      }),
    ],
  };
}
