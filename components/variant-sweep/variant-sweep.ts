/**
 * What lesson 3's measured widgets share: the model variants they compare, the session a context sweep of one
 * variant needs, the contexts a CPU sweeps, the largest batch the engine would admit on this device if every
 * sequence held as many blocks as the measured one, and the step time predicted from the engine's counted bytes and
 * FLOPs at this device's measured rates. Which model sizes fit the device is frame/model-fit's rule.
 */
import {
  bufferNeeds,
  checkLimits,
  stepOpCounts,
  sumCosts,
  type ContextSweepPoint,
  type DeviceRates,
  type LlamaConfig,
  type ProbeResult,
  type SessionRequest,
  type SessionShape,
} from '@engine/index';
import { formatInteger, formatSeconds, formatSi } from '../charts/format';
import { deviceLimits, kvHeavyOffers, type ModelOffer } from '../frame/model-fit';
import { syntheticSession } from '../frame/session-request';

type DeviceLimits = Parameters<typeof checkLimits>[1];

/** One model a widget measures, e.g. its base shape with fewer KV heads. */
export interface Variant {
  id: string;
  /** Name shown in legends and tables, e.g. "GQA, K = 2". */
  label: string;
  config: LlamaConfig;
}

/** A variant's measured context sweep. */
export interface VariantResult {
  variant: Variant;
  points: ContextSweepPoint[];
}

/** Tokens per KV block in every sweep. */
export const SWEEP_BLOCK = 16;

/** Most tokens one prefill step carries. */
export const PREFILL_CHUNK = 128;

/** The cache and step sizes for one sequence swept up to `lastContext`, then `steps` more tokens and one untimed. */
export function sweepShape(lastContext: number, steps: number): SessionShape {
  return {
    blockSize: SWEEP_BLOCK,
    numBlocks: Math.ceil((lastContext + steps + 1) / SWEEP_BLOCK),
    maxTokens: Math.min(PREFILL_CHUNK, lastContext),
    maxLogitRows: 1,
  };
}

/** A variant's model as a sweep to `lastContext` builds it: positions only as far as the sweep goes. */
function sweptConfig(config: LlamaConfig, lastContext: number, steps: number): LlamaConfig {
  return { ...config, maxPositions: lastContext + steps + 1 };
}

/** The session request for a synthetic variant, long enough for the sweep. */
export function variantRequest(config: LlamaConfig, lastContext: number, steps: number): SessionRequest {
  return syntheticSession(sweptConfig(config, lastContext, steps), sweepShape(lastContext, steps));
}

/** The KV-heavy sizes the variants are built from, as a sweep to `lastContext` loads them, for frame/model-fit. */
export function sweepOffers(lastContext: number, steps: number): ModelOffer[] {
  return kvHeavyOffers().map((offer) => ({
    ...offer,
    config: sweptConfig(offer.config, lastContext, steps),
  }));
}

/** Which limit bounds the batch here, in words. */
export function limitWords(probe: ProbeResult): string {
  const limits: DeviceLimits = deviceLimits(probe);
  if (limits.memoryBudget !== undefined)
    return `the CPU fallback's budget of ${formatSi(limits.memoryBudget, 'B')} for weights, cache and activations`;
  const perBuffer = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  return (
    `this adapter's largest storage buffer, ${formatSi(perBuffer, 'B')}, which caps each layer's key cache ` +
    '(a web page cannot see how much memory the GPU has in all)'
  );
}

/** Whether the engine would hold `config` with a session of `shape` within `limits`. */
function admits(config: LlamaConfig, shape: SessionShape, limits: DeviceLimits): boolean {
  try {
    checkLimits(bufferNeeds(config, shape), limits);
    return true;
  } catch {
    return false;
  }
}

/** The session of B sequences of `blocksPerSequence` blocks each, decoding together. */
const batchShape = (blocksPerSequence: number, B: number): SessionShape => ({
  blockSize: SWEEP_BLOCK,
  numBlocks: B * blocksPerSequence,
  maxTokens: B,
  maxLogitRows: B,
});

/**
 * The largest batch whose caches of `blocksPerSequence` blocks each the engine's own limit check admits on this
 * device (0 when not even one sequence fits), by bisection: admission only gets harder as B grows.
 */
export function largestBatch(config: LlamaConfig, blocksPerSequence: number, probe: ProbeResult): number {
  const limits: DeviceLimits = deviceLimits(probe);
  let lo = 0;
  let hi = 1;
  while (admits(config, batchShape(blocksPerSequence, hi), limits) && hi < 2 ** 24) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (admits(config, batchShape(blocksPerSequence, mid), limits)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The step the sweep times at `context`, predicted: the bytes and FLOPs the engine's op accounting counts for it
 * (window and sharing included), at this device's measured bandwidth and peak, whichever takes longer, averaged
 * over the `steps` timed steps (caches of context … context + steps − 1 tokens, each decoding one).
 */
export function predictedStep(
  config: LlamaConfig,
  rates: DeviceRates,
  context: number,
  steps: number,
): number {
  let total = 0;
  for (let i = 0; i < steps; i++) {
    const costs = sumCosts(stepOpCounts(config, [{ cached: context + i, newTokens: 1 }], 1));
    total += Math.max(costs.bytes / rates.copyBandwidth, costs.flops / rates.peakFlops);
  }
  return total / steps;
}

/** The longest context the widgets sweep on a GPU, and what the CPU fallback sweeps interactively. */
export const MAX_CONTEXT = 4096;
export const CPU_CONTEXT = 512;

/** What the widgets offer on the CPU fallback, for its notice. */
export const CPU_OFFER = `only the smaller models and contexts up to ${formatInteger(CPU_CONTEXT)} tokens are offered`;

export interface ClampedContext {
  context: number;
  /** Why it differs from the one asked for, or ''. */
  note: string;
}

/** The context to sweep here: at most MAX_CONTEXT tokens, and CPU_CONTEXT on the CPU fallback, saying so. */
export function clampContext(probe: ProbeResult | undefined, context: number): ClampedContext {
  const clamped = Math.min(context, probe?.backend === 'cpu' ? CPU_CONTEXT : MAX_CONTEXT);
  const note =
    clamped < context && probe?.backend === 'cpu'
      ? `On the CPU the context stops at ${formatInteger(CPU_CONTEXT)} tokens.`
      : '';
  return { context: clamped, note };
}

/** A context-sweep point beside its analytic cache size and, where the device was measured, its predicted step. */
export interface VariantPoint {
  /** Tokens cached when the timed steps started. */
  context: number;
  blocksInUse: number;
  /** KV bytes the engine holds after the timed steps (whole blocks), measured from its pool. */
  kvBytes: number;
  /** The same cache from engine/analytic at the tokens held. */
  analyticKvBytes: number;
  /** Median measured decode step. */
  stepSeconds: number;
  /** Predicted from the counted bytes and FLOPs at this device's measured rates, when it was measured. */
  predictedSeconds?: number;
}

export function variantPoint(
  config: LlamaConfig,
  point: ContextSweepPoint,
  analyticKvBytes: number,
  rates: DeviceRates | undefined,
  steps: number,
): VariantPoint {
  const { context, blocksInUse, kvBytes, stepSeconds } = point;
  return {
    context,
    blocksInUse,
    kvBytes,
    analyticKvBytes,
    stepSeconds,
    ...(rates ? { predictedSeconds: predictedStep(config, rates, context, steps) } : {}),
  };
}

/** The data table's columns for what every variant point holds: blocks, cache and step, measured and analytic. */
export const POINT_COLUMNS = [
  'KV blocks in use',
  'KV held, measured',
  'KV held, analytic',
  'Step, measured',
  'Step, analytic',
] as const;

/** A variant point's cells under POINT_COLUMNS. */
export function pointCells(p: VariantPoint): string[] {
  return [
    formatInteger(p.blocksInUse),
    formatSi(p.kvBytes, 'B'),
    formatSi(p.analyticKvBytes, 'B'),
    formatSeconds(p.stepSeconds),
    p.predictedSeconds === undefined ? '—' : formatSeconds(p.predictedSeconds),
  ];
}
