/**
 * What the reader asks of lesson 7's analytic sweep, and the serving it stands for: a preset model on one preset
 * device, weights and KV cache in bf16, a batch of slots, a Poisson stream of uniform prompts and geometric outputs
 * (capped at four times their mean), and the scheduler's fixed settings. Also the KV pool the device holds beside
 * the weights, and why a choice cannot be served at all. Plain data, so a request is its own cache key.
 */
import { analytic, MEMORY_FRACTION, poolBlocks, SCALE_BLOCK_SIZE, type ScaleSetup } from '@engine/index';
import { formatInteger, formatNumber, formatSi } from '../charts/format';

export interface ScaleRequest {
  modelId: analytic.ModelId;
  deviceId: analytic.HardwareId;
  /** Requests running at once: the batch's slots. */
  slots: number;
  /** Mean output length in tokens (geometric, capped at OUTPUT_CAP times the mean). */
  meanOutput: number;
  /** Prompt lengths, uniform between these (inclusive), in tokens. */
  promptMin: number;
  promptMax: number;
  seed: number;
  /** Requests in each run's stream. */
  requests: number;
}

/** The lecture's running example: Llama 2 13B in bf16 on one H100. */
export const DEFAULT_REQUEST: ScaleRequest = {
  modelId: 'llama-2-13b',
  deviceId: 'h100-sxm',
  slots: 64,
  meanOutput: 128,
  promptMin: 64,
  promptMax: 512,
  seed: 1,
  requests: 400,
};

/** The longest output drawn, as a multiple of the mean. */
export const OUTPUT_CAP = 4;
/** Tokens one step may process, decodes and prefill chunks together. */
export const TOKEN_BUDGET = 2048;
/** Seconds a static batch waits for its slots to fill before it starts smaller. */
export const STATIC_TIMEOUT = 0.5;

/** The model on the device, weights and KV cache in bf16. */
export function servingSetup({ modelId, deviceId }: ScaleRequest): analytic.ServingSetup {
  const model = analytic.modelById(modelId);
  return {
    model: model.shape,
    device: analytic.hardwareById(deviceId),
    weightDtype: 'bf16',
    kvDtype: 'bf16',
  };
}

/** Prompt bounds in order, whichever way round the reader set them. */
export function promptRange({ promptMin, promptMax }: ScaleRequest): { min: number; max: number } {
  return { min: Math.min(promptMin, promptMax), max: Math.max(promptMin, promptMax) };
}

/** What the engine's serveAtScale takes. */
export function scaleSetup(request: ScaleRequest): ScaleSetup {
  return {
    setup: servingSetup(request),
    stream: {
      seed: request.seed,
      requests: request.requests,
      promptTokens: { kind: 'uniform', ...promptRange(request) },
      outputTokens: { kind: 'geometric', mean: request.meanOutput, max: OUTPUT_CAP * request.meanOutput },
    },
    scheduler: {
      slots: request.slots,
      tokenBudget: TOKEN_BUDGET,
      chunkedPrefill: true,
      staticTimeout: STATIC_TIMEOUT,
    },
  };
}

/** Tokens of the longest request the stream can hold: the longest prompt and the longest output. */
export function longestRequest(request: ScaleRequest): number {
  return promptRange(request).max + OUTPUT_CAP * request.meanOutput;
}

export interface KvPool {
  blocks: number;
  tokens: number;
  /** Requests of the longest length whose KV cache the pool holds at once. */
  longestHeld: number;
}

/** The KV pool in the device's usable memory beside the weights. */
export function kvPool(request: ScaleRequest): KvPool {
  const blocks = poolBlocks(servingSetup(request));
  const tokens = blocks * SCALE_BLOCK_SIZE;
  return { blocks, tokens, longestHeld: Math.floor(tokens / longestRequest(request)) };
}

/** Why the device cannot serve this stream at all, or undefined when it can. */
export function refusal(request: ScaleRequest): string | undefined {
  const setup = servingSetup(request);
  const { name } = analytic.modelById(request.modelId);
  const { device } = setup;
  const weights = analytic.weightBytes(setup);
  const usable = MEMORY_FRACTION * device.memoryBytes;
  const share = `${formatNumber(100 * MEMORY_FRACTION)} %`;
  if (poolBlocks(setup) === 0)
    return (
      `${name}'s weights in bf16 take ${formatSi(weights, 'B')}, more than the ${formatSi(usable, 'B')} a server ` +
      `may fill (${share} of the ${device.name}'s ${formatSi(device.memoryBytes, 'B')}): no room is left for a KV ` +
      `cache. Pick a smaller model or a device with more memory.`
    );
  const longest = longestRequest(request);
  const pool = kvPool(request);
  const needed = Math.ceil(longest / SCALE_BLOCK_SIZE);
  if (needed > pool.blocks)
    return (
      `The longest request, ${formatInteger(longest)} tokens, needs ${formatInteger(needed)} KV blocks of ` +
      `${SCALE_BLOCK_SIZE} tokens, but the memory beside ${name}'s weights on the ${device.name} holds only ` +
      `${formatInteger(pool.blocks)}. Shorten the prompts or the outputs, or pick a device with more memory.`
    );
  return undefined;
}
