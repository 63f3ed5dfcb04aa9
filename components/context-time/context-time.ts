/**
 * Decode step time against context length, measured on one sequence of a KV-heavy synthetic model: the contexts
 * swept, the session they need, the step engine/analytic's decode model predicts on this device's measured
 * bandwidth and peak, and the context where the step's KV reads overtake its weight reads.
 */
import { measuredSetup } from '../device/measured-hardware';
import {
  analytic,
  shapeOf,
  type ContextSweepPoint,
  type DeviceRates,
  type LlamaConfig,
  type ProbeResult,
  type SessionShape,
} from '@engine/index';
import { fitModel, type ModelFit, type ModelOffer } from '../frame/model-fit';
import { formatInteger, formatNumber, formatSeconds, formatSi } from '../charts/format';
import type { Provenance } from '../facts/fact';

/** Timed decode steps at each context (after one untimed step); their median is the point. */
export const TIMED_STEPS = 5;
/** Tokens per KV block, and most tokens one prefill chunk carries. */
export const BLOCK = 16;
export const CHUNK = 256;
/** Shortest context swept. */
export const FIRST_CONTEXT = 64;
/** Longest context the CPU fallback sweeps: its prefill takes seconds there. */
export const CPU_MAX_CONTEXT = 1024;

/** Contexts 64, 96, 128, 192, … (two per doubling) up to `max`, which is always the last. */
export function sweepContexts(max: number): number[] {
  const contexts: number[] = [];
  for (let c = FIRST_CONTEXT; c < max; c *= 2) contexts.push(c, c * 1.5);
  // A context must lie past the one before and its timed steps: the sweep only ever adds tokens.
  return [...contexts.filter((c) => c + TIMED_STEPS + 1 <= max), max];
}

/** The longest context a model's positions leave room to sweep: the last context and its timed steps. */
export function longestContext(config: LlamaConfig): number {
  return config.maxPositions - TIMED_STEPS - 1;
}

/**
 * The model a sweep runs, each checked at the longest context it would sweep (`longestFor`): the one asked for if it
 * fits; else the largest that fits at the asked one's context, checked again at its own, which may be longer.
 */
export function fitSweep(
  offers: readonly ModelOffer[],
  asked: string,
  probe: ProbeResult | undefined,
  longestFor: (config: LlamaConfig) => number,
): ModelFit {
  const chosen = offers.find((o) => o.id === asked) ?? offers[0]!;
  const first = fitModel(offers, asked, probe, sweepShape(longestFor(chosen.config)));
  if (first.running.id === chosen.id) return first;
  const shape = sweepShape(longestFor(first.running.config));
  const instead = fitModel(offers, first.running.id, probe, shape);
  const note = [first.note, instead.note].filter(Boolean).join(' ');
  return { options: first.options, running: instead.running, ...(note && { note }) };
}

/** One sequence's cache up to `max` tokens plus the timed steps, filled `CHUNK` tokens at a time. */
export function sweepShape(max: number): SessionShape {
  return {
    blockSize: BLOCK,
    numBlocks: Math.ceil((max + TIMED_STEPS + 1) / BLOCK),
    maxTokens: CHUNK,
    maxLogitRows: 1,
  };
}

/** Smallest context at which one step of one sequence moves as many KV bytes as weight bytes (f32). */
export function crossover(config: LlamaConfig): number {
  return analytic.kvCrossoverContext({ model: shapeOf(config), weightDtype: 'f32', kvDtype: 'f32' }, 1);
}

export interface PredictedPoint {
  context: number;
  /** The analytic step on this device, seconds: the median over the timed steps, as measured. */
  stepSeconds: number;
  /** Of which moving the weights, and moving the KV cache, at the measured bandwidth. */
  weightSeconds: number;
  kvSeconds: number;
}

/** The analytic step at each context, over the same timed steps (they attend over context + 1 … context + steps). */
export function predictedSteps(
  config: LlamaConfig,
  rates: DeviceRates,
  contexts: readonly number[],
): PredictedPoint[] {
  const setup = measuredSetup(config, rates);
  const middle = Math.floor(TIMED_STEPS / 2) + 1;
  return contexts.map((context) => {
    const step = analytic.decodeStep(setup, 1, context + middle);
    return {
      context,
      stepSeconds: step.seconds,
      weightSeconds: step.weightBytesRead / setup.device.bandwidth,
      kvSeconds: step.kvBytesMoved / setup.device.bandwidth,
    };
  });
}

/** The measured growth from the shortest to the longest context, and how the prediction compares. */
export function describeContextTime(
  points: readonly ContextSweepPoint[],
  predicted: readonly PredictedPoint[],
  crossing: number,
  where: string,
  positions: number,
): string {
  const first = points[0];
  const last = points.at(-1);
  const past =
    crossing > positions
      ? `, past the ${formatInteger(positions)} positions this model holds: its KV never outweighs its weights`
      : '';
  const cross = `KV reads overtake weight reads at S = ${formatInteger(crossing)} tokens (analytic)${past}.`;
  if (!first || !last) return `Not measured yet. For this model ${cross}`;
  const model = predicted.find((p) => p.context === last.context);
  const growth = formatNumber(last.stepSeconds / first.stepSeconds, 2);
  const versus = model
    ? ` The analytic model, from your measured bandwidth and peak, predicts ${formatSeconds(model.stepSeconds)} there, ` +
      `${formatNumber(model.stepSeconds / predicted[0]!.stepSeconds, 2)} times its step at ${formatInteger(first.context)}.`
    : '';
  return (
    `Measured on ${where}: a decode step takes ${formatSeconds(first.stepSeconds)} at ${formatInteger(first.context)} ` +
    `tokens of context and ${formatSeconds(last.stepSeconds)} at ${formatInteger(last.context)}, ${growth} times as long.` +
    `${versus} ${cross}`
  );
}

/**
 * The figures beside the chart: where KV reads overtake weight reads and the weights one step reads (analytic), and
 * once measured, the step at the shortest and the longest context and how many times longer the last is.
 */
export function contextTimeReadout(
  config: LlamaConfig,
  points: readonly ContextSweepPoint[],
): { label: string; value: string; provenance: Provenance }[] {
  const setup = { model: shapeOf(config), weightDtype: 'f32', kvDtype: 'f32' } as const;
  const analyticItems = [
    { label: 'KV overtakes weights at', value: `S = ${formatInteger(crossover(config))}` },
    {
      label: 'Weights read per step',
      value: formatSi(analytic.decodeBytes(setup, 1, 1).weightBytesRead, 'B'),
    },
  ].map((item) => ({ ...item, provenance: 'analytic' as const }));
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return analyticItems;
  const measured = [
    { label: `Step at ${formatInteger(first.context)} tokens`, value: formatSeconds(first.stepSeconds) },
    { label: `Step at ${formatInteger(last.context)} tokens`, value: formatSeconds(last.stepSeconds) },
    { label: 'Longest ÷ shortest', value: `× ${formatNumber(last.stepSeconds / first.stepSeconds, 2)}` },
  ].map((item) => ({ ...item, provenance: 'measured' as const }));
  return [...analyticItems, ...measured];
}

/** The data table's columns. */
export const CONTEXT_TIME_COLUMNS = [
  'Context S (tokens)',
  'Step, measured',
  'Step, analytic',
  'KV part, analytic',
  `Blocks held (${BLOCK} tokens each)`,
  'KV cache held, counted',
];

/** The data table's rows: per context, the measured and analytic step, the analytic KV part, and the blocks held. */
export function contextTimeRows(
  points: readonly ContextSweepPoint[],
  predicted: readonly PredictedPoint[],
): string[][] {
  return points.map((p, i) => [
    formatInteger(p.context),
    formatSeconds(p.stepSeconds),
    predicted[i] ? formatSeconds(predicted[i].stepSeconds) : '—',
    predicted[i] ? formatSeconds(predicted[i].kvSeconds) : '—',
    formatInteger(p.blocksInUse),
    formatSi(p.kvBytes, 'B'),
  ]);
}
