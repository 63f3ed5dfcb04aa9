/**
 * What lesson 8's block-size widget asks the engine (the attention-by-block job): the block sizes it offers, and
 * one decode step's attention with the page's model's heads, a batch of 8 sequences of 1,024 tokens on WebGPU and a
 * smaller one on the CPU fallback, where the twin runs in JavaScript.
 */
import type { AttentionByBlockRequest, LlamaConfig, ProbeResult } from '@engine/index';
import { formatInteger } from '../charts/format';

/** Tokens per KV block the slider offers and the run times: 1 to 128, doubling. */
export const BLOCK_SIZES = [1, 2, 4, 8, 16, 32, 64, 128] as const;
/** The block size shown first: vLLM's default (Kwon et al. 2023). */
export const DEFAULT_BLOCK_SIZE = 16;

/** The decode batch timed: B sequences of S tokens each. */
export const GPU_BATCH = { B: 8, S: 1024 } as const;
export const CPU_BATCH = { B: 4, S: 256 } as const;

/** The batch this device runs: the smaller one on the CPU fallback. */
export function timedBatch(probe: ProbeResult | undefined): { B: number; S: number } {
  return probe?.backend === 'cpu' ? CPU_BATCH : GPU_BATCH;
}

/** The job's request: the batch, the model's heads, every offered block size. */
export function attentionRequest(
  config: LlamaConfig,
  probe: ProbeResult | undefined,
): AttentionByBlockRequest {
  return {
    ...timedBatch(probe),
    N: config.numHeads,
    K: config.numKvHeads,
    H: config.headDim,
    blockSizes: BLOCK_SIZES,
    seed: 1,
  };
}

/** What the CPU fallback offers instead, for the frame's notice. */
export const CPU_OFFER =
  `the batch timed is ${formatInteger(CPU_BATCH.B)} sequences of ${formatInteger(CPU_BATCH.S)} tokens, ` +
  `not ${formatInteger(GPU_BATCH.B)} of ${formatInteger(GPU_BATCH.S)}`;
