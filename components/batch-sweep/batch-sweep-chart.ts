/**
 * Decode throughput against step latency as the batch grows, for one model on one device, from the memory-bound
 * model, with its three limits: the two ceilings no batch passes (bandwidth ÷ the bytes each sequence adds, peak ÷
 * the FLOPs of its token) as horizontal lines, and memory capacity: batches whose KV cache does not fit beside the
 * weights are drawn hollow, and the largest that fits is marked.
 */
import * as Plot from '@observablehq/plot';
import { analytic } from '@engine/index';
import { logX, logY } from '../charts/axes';
import { formatInteger, formatNumber, formatSeconds } from '../charts/format';
import { SERIES } from '../charts/palette';

export interface BatchSweepResult {
  steps: analytic.DecodeStep[];
  /** Largest batch that fits (0 if the weights alone do not, or one sequence's cache does not fit beside them). */
  maxFit: number;
  /** Whether the weights alone fit in the device's memory. */
  weightsFit: boolean;
  ceilings: analytic.DecodeCeilings;
}

/** Batches 1, 2, 4, … up to `limit`, plus the largest batch that fits, sorted. */
export function sweepWithLimit(setup: analytic.ServingSetup, S: number, limit: number): BatchSweepResult {
  const maxFit = analytic.maxBatch(setup, S);
  const steps = analytic.batchSweep(setup, S, limit);
  if (maxFit >= 1 && maxFit <= limit && !steps.some((s) => s.B === maxFit)) {
    steps.push(analytic.decodeStep(setup, maxFit, S));
    steps.sort((a, b) => a.B - b.B);
  }
  return {
    steps,
    maxFit,
    weightsFit: analytic.weightBytes(setup) <= setup.device.memoryBytes,
    ceilings: analytic.decodeCeilings(setup, S),
  };
}

/** The ceiling throughput approaches as the batch grows: the lower of the two, and what sets it. */
export function nearerCeiling({ kvTokensPerSecond, computeTokensPerSecond }: analytic.DecodeCeilings): {
  tokensPerSecond: number;
  limit: 'KV reads' | 'compute';
} {
  return kvTokensPerSecond <= computeTokensPerSecond
    ? { tokensPerSecond: kvTokensPerSecond, limit: 'KV reads' }
    : { tokensPerSecond: computeTokensPerSecond, limit: 'compute' };
}

/** One sentence stating the result, for screen readers and the figure's live summary. */
export function describeSweep(
  { steps, maxFit, weightsFit, ceilings }: BatchSweepResult,
  modelName: string,
  deviceName: string,
  S: number,
): string {
  const first = steps[0];
  const best = steps.find((s) => s.B === maxFit);
  const start = `${modelName} on ${deviceName} at context ${formatInteger(S)}: `;
  if (!first || maxFit === 0)
    return weightsFit
      ? `${start}the weights fit, but not one sequence's KV cache beside them.`
      : `${start}the weights alone do not fit in the device's memory.`;
  const one = `batch 1 gives ${formatNumber(first.tokensPerSecond)} tokens/s at ${formatSeconds(first.seconds)} per step`;
  const nearer = nearerCeiling(ceilings);
  const ceiling =
    `No batch passes ${formatNumber(nearer.tokensPerSecond)} tokens/s, the ceiling ${nearer.limit} set ` +
    `(KV reads ${formatNumber(ceilings.kvTokensPerSecond)}, compute ${formatNumber(ceilings.computeTokensPerSecond)} tokens/s).`;
  if (!best) return `${start}${one}. ${ceiling}`;
  return (
    `${start}${one}; memory holds at most ${formatInteger(maxFit)} sequences, which give ` +
    `${formatNumber(best.tokensPerSecond)} tokens/s at ${formatSeconds(best.seconds)} per step (${best.bound}-bound), ` +
    `${formatNumber((100 * best.tokensPerSecond) / nearer.tokensPerSecond)} % of the ceiling. ${ceiling}`
  );
}

export function batchSweepChart({ steps, maxFit, ceilings }: BatchSweepResult): Plot.PlotOptions {
  // Labels at opposite ends, clear of the axis label (top left) and of the last batch's label (right).
  const lines = [
    {
      y: ceilings.kvTokensPerSecond,
      label: `KV-read ceiling ${formatNumber(ceilings.kvTokensPerSecond)} tokens/s`,
      anchor: 'left' as const,
    },
    {
      y: ceilings.computeTokensPerSecond,
      label: `compute ceiling ${formatNumber(ceilings.computeTokensPerSecond)} tokens/s`,
      anchor: 'right' as const,
    },
  ];
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
      Plot.ruleY(lines, { y: 'y', stroke: SERIES.muted, strokeDasharray: '6 4' }),
      ...lines.map((line) =>
        Plot.text([line], {
          y: 'y',
          text: 'label',
          frameAnchor: line.anchor,
          textAnchor: line.anchor === 'left' ? 'start' : 'end',
          dx: line.anchor === 'left' ? 4 : -4,
          dy: -7,
          fill: 'currentColor',
          fillOpacity: 0.8,
        }),
      ),
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
