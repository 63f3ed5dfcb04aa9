/**
 * What lesson 3's measured widgets share: the session a context sweep of one synthetic variant needs, the largest
 * batch the engine would admit on this device if every sequence held as many blocks as the measured one, and the
 * step time predicted from the engine's counted bytes and FLOPs at this device's measured rates.
 */
import {
  analytic,
  bufferNeeds,
  checkLimits,
  CPU_MEMORY_BUDGET,
  stepOpCounts,
  KV_HEAVY_SIZES,
  parameterCount,
  sumCosts,
  type ContextSweepPoint,
  type DeviceRates,
  type LlamaConfig,
  type ProbeResult,
  type SessionRequest,
  type SessionShape,
  shapeOf,
} from '@engine/index';
import { formatCount, formatInteger, formatSi } from '../charts/format';

type DeviceLimits = Parameters<typeof checkLimits>[1];

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

/** The session request for a synthetic variant, long enough for the sweep. */
export function variantRequest(config: LlamaConfig, lastContext: number, steps: number): SessionRequest {
  const maxPositions = lastContext + steps + 1;
  return {
    model: { kind: 'synthetic', config: { ...config, maxPositions }, seed: 1 },
    shape: sweepShape(lastContext, steps),
    backend: 'auto',
  };
}

/** The limits the engine checks a session against here: the adapter's buffer limits, or the CPU fallback's budget. */
export function deviceLimits(probe: ProbeResult): DeviceLimits {
  return (
    probe.limits ?? {
      maxStorageBufferBindingSize: Infinity,
      maxBufferSize: Infinity,
      memoryBudget: CPU_MEMORY_BUDGET,
    }
  );
}

/** Which limit bounds the batch here, in words. */
export function limitWords(probe: ProbeResult): string {
  const limits = deviceLimits(probe);
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
  const limits = deviceLimits(probe);
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
  profile: DeviceRates,
  context: number,
  steps: number,
): number {
  let total = 0;
  for (let i = 0; i < steps; i++) {
    const costs = sumCosts(stepOpCounts(config, [{ cached: context + i, newTokens: 1 }], 1));
    total += Math.max(costs.bytes / profile.copyBandwidth, costs.flops / profile.peakFlops);
  }
  return total / steps;
}

/** The longest context the widgets sweep on a GPU, and what the CPU fallback sweeps interactively. */
export const MAX_CONTEXT = 4096;
export const CPU_CONTEXT = 512;

/**
 * The shapes the widgets build their variants from: engine/model's KV-heavy sizes, whose caches outweigh their
 * weights within a few hundred tokens, so what a variant saves in cache shows in the step time too.
 */
export const VARIANT_SIZES = KV_HEAVY_SIZES;
/** The size a CPU runs instead of one offered only on a GPU (a link from a GPU run). */
export const CPU_SIZE = 'kv-s';

export function variantSize(id: string) {
  const size = VARIANT_SIZES.find((s) => s.id === id);
  if (!size) throw new Error(`no variant size "${id}"`);
  return size;
}

/**
 * The sizes this device can run a sweep of `lastContext` tokens on (all of them until it is known, or if none), labelled with
 * their parameters and, with every head keeping its own keys and values, their KV bytes per token.
 */
export function sizeOptions(probe: ProbeResult | undefined, lastContext: number, steps: number) {
  const usable = VARIANT_SIZES.filter(
    (size) =>
      !probe ||
      ((probe.backend !== 'cpu' || size.cpu) &&
        admits(size.config, sweepShape(lastContext, steps), deviceLimits(probe))),
  );
  return (usable.length ? usable : VARIANT_SIZES).map(({ id, config }) => {
    const parameters = formatCount(parameterCount(config), 2);
    const perToken = formatSi(analytic.kvBytesPerToken(shapeOf(config), 'f32'), 'B');
    return { value: id, label: `${id} · ${parameters} parameters, ${perToken} KV per token` };
  });
}

export interface Clamped {
  sizeId: string;
  context: number;
  /** Why either differs from what was asked for, or ''. */
  note: string;
}

/** The size and context to run here: on the CPU fallback, a size it offers and at most CPU_CONTEXT tokens. */
export function clampForDevice(probe: ProbeResult | undefined, sizeId: string, context: number): Clamped {
  if (probe?.backend !== 'cpu') return { sizeId, context: Math.min(context, MAX_CONTEXT), note: '' };
  const size = variantSize(sizeId).cpu ? sizeId : CPU_SIZE;
  const clamped = Math.min(context, CPU_CONTEXT);
  const notes = [
    size === sizeId ? '' : `On the CPU the ${size} model runs instead of ${sizeId}.`,
    clamped === context ? '' : `On the CPU the context stops at ${formatInteger(CPU_CONTEXT)} tokens.`,
  ];
  return { sizeId: size, context: clamped, note: notes.filter(Boolean).join(' ') };
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
  profile: DeviceRates | undefined,
  steps: number,
): VariantPoint {
  const { context, blocksInUse, kvBytes, stepSeconds } = point;
  return {
    context,
    blocksInUse,
    kvBytes,
    analyticKvBytes,
    stepSeconds,
    ...(profile ? { predictedSeconds: predictedStep(config, profile, context, steps) } : {}),
  };
}
