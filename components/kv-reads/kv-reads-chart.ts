/**
 * Bytes one decode step reads against context length, split into weights and KV cache: counted by the engine's
 * per-op accounting (engine/measure's stepOpCounts, the counts its measured timings are divided by) beside the
 * closed-form line from engine/analytic. Everything is f32, as the engine stores it. Marks the context where
 * the step's KV traffic overtakes its weight traffic.
 */
import { contextTick } from '../charts/axes';
import * as Plot from '@observablehq/plot';
import { analytic, shapeOf, stepOpCounts, sumCosts, type LlamaConfig } from '@engine/index';
import { formatInteger, formatSi } from '../charts/format';
import { SERIES } from '../charts/palette';
import { MARGINS } from '../charts/margins';

export interface KvReadsPoint {
  /** Context each new token attends over, itself included. */
  S: number;
  countedWeights: number;
  /** KV bytes read and written, counted. */
  countedKv: number;
  analyticWeights: number;
  analyticKv: number;
}

export interface KvReads {
  B: number;
  points: KvReadsPoint[];
  /** Smallest context at which KV bytes reach weight bytes (analytic). */
  crossover: number;
  /** Longest context the model was built for (its config's max positions). */
  maxPositions: number;
}

/** The engine stores weights and cache in f32. */
const ENGINE_DTYPE = 'f32';

/** Counted and analytic bytes of one decode step of B sequences, at each context in `contexts` and at the crossover. */
export function kvReads(config: LlamaConfig, B: number, contexts: readonly number[]): KvReads {
  const setup = { model: shapeOf(config), weightDtype: ENGINE_DTYPE, kvDtype: ENGINE_DTYPE } as const;
  const crossover = analytic.kvCrossoverContext(setup, B);
  const all = [...new Set([...contexts, crossover])].sort((a, b) => a - b);
  const points = all.map((S) => {
    // Each sequence decodes one token after S − 1 cached ones; one logit row per sequence.
    const sequences = Array.from({ length: B }, () => ({ cached: S - 1, newTokens: 1 }));
    const counted = sumCosts(stepOpCounts(config, sequences, B));
    const formula = analytic.decodeBytes(setup, B, S);
    return {
      S,
      countedWeights: counted.weightBytes,
      countedKv: counted.kvBytes,
      analyticWeights: formula.weightBytesRead,
      analyticKv: formula.kvBytesMoved,
    };
  });
  return { B, points, crossover, maxPositions: config.maxPositions };
}

/** The largest gap between counted and analytic bytes, over every point (0 when the engine matches the formula). */
export function largestGap({ points }: KvReads): number {
  return Math.max(
    ...points.map((p) =>
      Math.max(Math.abs(p.countedWeights - p.analyticWeights), Math.abs(p.countedKv - p.analyticKv)),
    ),
  );
}

/** One sentence stating the result, for screen readers and the figure's live summary. */
export function describeKvReads({ B, points, crossover }: KvReads, modelName: string): string {
  const at = points.find((p) => p.S === crossover)!;
  const first = points[0]!;
  return (
    `${modelName}, batch ${formatInteger(B)}: each decode step reads ${formatSi(first.countedWeights, 'B')} of weights ` +
    `whatever the context, while its KV traffic grows from ${formatSi(first.countedKv, 'B')} at ${formatInteger(first.S)} tokens; ` +
    `KV overtakes weights at ${formatInteger(crossover)} tokens (${formatSi(at.countedKv, 'B')}).`
  );
}

/** Ticks every factor of four, so the labels of a log axis never run into each other. */
const CONTEXT_TICKS = [16, 64, 256, 1024, 4096, 16384, 65536, 262144];

export function kvReadsChart({ points, crossover, maxPositions }: KvReads): Plot.PlotOptions {
  const counted = points.flatMap((p) => [
    { S: p.S, part: 'weights', bytes: p.countedWeights },
    { S: p.S, part: 'KV cache', bytes: p.countedKv },
  ]);
  const formula = points.flatMap((p) => [
    { S: p.S, part: 'weights', bytes: p.analyticWeights },
    { S: p.S, part: 'KV cache', bytes: p.analyticKv },
  ]);
  const cross = points.filter((p) => p.S === crossover).map((p) => ({ S: p.S, bytes: p.countedKv }));
  const lastS = points.at(-1)?.S ?? crossover;
  const firstS = points[0]?.S ?? 1;
  const labelLeft = Math.log(crossover) > (Math.log(firstS) + Math.log(lastS)) / 2;
  const limit = [maxPositions].filter((S) => S >= firstS && S <= lastS);
  return {
    ...MARGINS,
    marginLeft: 70,
    x: {
      type: 'log',
      // Base 2, so that the log axis labels every power-of-two tick rather than thinning them as base 10 would.
      base: 2,
      label: 'Context length S (tokens; 1k = 1,024) →',
      labelAnchor: 'center',
      ticks: CONTEXT_TICKS.filter((t) => t >= firstS && t <= lastS),
      tickFormat: contextTick,
      grid: true,
    },
    y: {
      type: 'log',
      label: '↑ Bytes moved per decode step',
      tickFormat: (d: number) => formatSi(d, 'B'),
      grid: true,
    },
    color: { domain: ['weights', 'KV cache'], range: [SERIES.memory, SERIES.compute], legend: true },
    marks: [
      Plot.ruleX(limit, { stroke: SERIES.muted, strokeWidth: 1.5, strokeDasharray: '2 3' }),
      Plot.text(limit, {
        x: (d: number) => d,
        frameAnchor: 'bottom',
        text: (d: number) => `context limit: ${formatInteger(d)}`,
        dx: 4,
        dy: -6,
        textAnchor: 'start',
        fill: 'currentColor',
        fillOpacity: 0.8,
      }),
      Plot.ruleX([crossover], { stroke: SERIES.point, strokeWidth: 1.5 }),
      Plot.line(formula, { x: 'S', y: 'bytes', stroke: 'part', strokeWidth: 1.5, strokeDasharray: '5 4' }),
      Plot.dot(counted, { x: 'S', y: 'bytes', fill: 'part', r: 3.5 }),
      Plot.dot(cross, { x: 'S', y: 'bytes', r: 8, stroke: SERIES.point, strokeWidth: 2 }),
      // Above-left of the crossing (over the weights line, where KV is still below it) or below-right (under it,
      // where KV is already above): both corners are free of data whichever way the label must run.
      Plot.text(cross, {
        x: 'S',
        y: 'bytes',
        text: (d: { S: number }) => `KV overtakes weights at S = ${formatInteger(d.S)}`,
        dx: labelLeft ? -12 : 12,
        dy: labelLeft ? -12 : 14,
        textAnchor: labelLeft ? 'end' : 'start',
        fill: SERIES.point,
        fontWeight: 600,
      }),
    ],
  };
}
