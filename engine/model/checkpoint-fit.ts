/**
 * Whether a model read from a picked folder fits this device, said before any weight is read: its parameters, the
 * bytes its weights take as a session stores them, its KV cache per token, and the longest context (in tokens, up to
 * the model's own) whose session passes the same limit check the session itself makes (footprint.ts) — or why none
 * does. WebGPU tells a page its per-buffer limits but not how much memory the GPU has, so on a GPU only those limits
 * are checked; the CPU fallback has its own memory budget.
 */
import { kvWritingLayers } from './kv-sharing';
import type { LlamaConfig } from './config';
import { bufferNeeds, checkLimits, LimitError, type DeviceLimits, type SessionShape } from './footprint';
import { parameterCount } from './weights';
import { F16, F32, storedBytes, storedSpecs } from '../quant/stored-tensors';
import type { WeightScheme } from '../quant/scheme';

/** The cache's tokens per block in a measured widget's session. */
const BLOCK_SIZE = 16;

/** Token rows of the largest step a widget runs (a prompt's chunk of prefill). */
const STEP_TOKENS = 64;

export interface CheckpointFit {
  parameters: number;
  /** Bytes of the weights as the session stores them (f32 unless a scheme says otherwise). */
  weightBytes: number;
  /** Bytes of keys and values one token adds to the cache (f32, as the engine stores them). */
  kvBytesPerToken: number;
  /** Longest context, in tokens, that fits: at most the model's own; 0 when none does. */
  largestContext: number;
  /** Why even the shortest context does not fit (the limit check's message). */
  refusal?: string;
}

function shapeFor(context: number): SessionShape {
  return {
    numBlocks: Math.ceil(context / BLOCK_SIZE),
    blockSize: BLOCK_SIZE,
    maxTokens: STEP_TOKENS,
    maxLogitRows: STEP_TOKENS,
  };
}

/** The limit check's refusal for a context, or undefined when it fits. */
function refusalAt(config: LlamaConfig, limits: DeviceLimits, scheme: WeightScheme, context: number) {
  try {
    checkLimits(bufferNeeds(config, shapeFor(context), scheme), limits);
    return undefined;
  } catch (error) {
    if (error instanceof LimitError) return error.message;
    throw error;
  }
}

/** How `config` fits a device of these limits, its weights stored in `scheme`. */
export function checkpointFit(
  config: LlamaConfig,
  limits: DeviceLimits,
  scheme: WeightScheme = F32,
): CheckpointFit {
  const figures = {
    parameters: parameterCount(config),
    weightBytes: storedSpecs(config, scheme).reduce((sum, spec) => sum + storedBytes(spec, scheme), 0),
    kvBytesPerToken: 2 * kvWritingLayers(config).length * config.numKvHeads * config.headDim * 4,
  };
  const refusal = refusalAt(config, limits, scheme, BLOCK_SIZE);
  if (refusal) return { ...figures, largestContext: 0, refusal };
  // Whole blocks, binary search: the largest count of blocks whose session passes, up to the model's context.
  let [fits, fails] = [1, Math.ceil(config.maxPositions / BLOCK_SIZE) + 1];
  while (fails - fits > 1) {
    const mid = Math.floor((fits + fails) / 2);
    if (refusalAt(config, limits, scheme, mid * BLOCK_SIZE)) fails = mid;
    else fits = mid;
  }
  return { ...figures, largestContext: Math.min(config.maxPositions, fits * BLOCK_SIZE) };
}

/** How `config` fits with its weights in f32, as the measured widgets keep them, and in f16 as an alternative. */
export function checkpointFits(
  config: LlamaConfig,
  limits: DeviceLimits,
): { f32: CheckpointFit; f16: CheckpointFit } {
  return { f32: checkpointFit(config, limits, F32), f16: checkpointFit(config, limits, F16) };
}
