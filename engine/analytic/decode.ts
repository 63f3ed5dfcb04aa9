/**
 * The memory-bound model of one decode step for a Llama-style model on a device: every weight that multiplies
 * is read once, every sequence reads its whole KV cache, and the step takes the longer of the time to move
 * those bytes and the time to do its FLOPs. Activations are left out: at decode they are a few vectors.
 */
import { attentionCost } from './attention';
import { bytesPer, type DType } from './dtype';
import type { Hardware } from './hardware';
import { kvBytesPerToken, matmulParams, paramCount, type LlamaShape } from './llama-shape';
import { peakFlops, type Bound } from './roofline';

export interface ServingSetup {
  model: LlamaShape;
  device: Hardware;
  /** Format the weights are stored in. */
  weightDtype: DType;
  /** Format the KV cache is stored in. */
  kvDtype: DType;
}

/** Bytes the weights occupy. */
export function weightBytes({ model, weightDtype }: ServingSetup): number {
  return paramCount(model) * bytesPer(weightDtype);
}

/** Bytes the KV cache of B sequences of S tokens occupies. */
export function kvCacheBytes({ model, kvDtype }: ServingSetup, B: number, S: number): number {
  return B * S * kvBytesPerToken(model, kvDtype);
}

/** Weights plus KV cache at batch B and context S. */
export function servingMemory(setup: ServingSetup, B: number, S: number): number {
  return weightBytes(setup) + kvCacheBytes(setup, B, S);
}

/** Largest batch whose KV cache at context S fits beside the weights (0 when the weights alone do not fit). */
export function maxBatch(setup: ServingSetup, S: number): number {
  const free = setup.device.memoryBytes - weightBytes(setup);
  if (free <= 0) return 0;
  return Math.floor(free / kvCacheBytes(setup, 1, S));
}

export interface DecodeStep {
  /** Sequences decoded together. */
  B: number;
  /** Context each new token attends over, itself included. */
  S: number;
  flops: number;
  /** Weight bytes read: every matrix once, plus the B embedding rows gathered. */
  weightBytesRead: number;
  /** KV bytes read (the whole cache) plus written (the new token's keys and values). */
  kvBytesMoved: number;
  /** Time to move the bytes at peak bandwidth, in seconds. */
  memorySeconds: number;
  /** Time to do the FLOPs at peak, in seconds. */
  computeSeconds: number;
  /** Step latency: the larger of the two, in seconds. */
  seconds: number;
  bound: Bound;
  /** Tokens per second across the batch. */
  tokensPerSecond: number;
  /** Weights plus KV cache, in bytes. */
  memoryBytes: number;
  fits: boolean;
}

/** Bytes one decode step of B sequences at context S moves, which need no device: weights read, KV read and written. */
export function decodeBytes(
  { model, weightDtype, kvDtype }: Pick<ServingSetup, 'model' | 'weightDtype' | 'kvDtype'>,
  B: number,
  S: number,
): Pick<DecodeStep, 'weightBytesRead' | 'kvBytesMoved'> {
  const { V, D, tiedEmbeddings } = model;
  const untiedEmbeddingTable = tiedEmbeddings ? 0 : V * D;
  return {
    weightBytesRead: (paramCount(model) - untiedEmbeddingTable + B * D) * bytesPer(weightDtype),
    kvBytesMoved: B * (S + 1) * kvBytesPerToken(model, kvDtype),
  };
}

/** One decode step of B sequences at context S. */
export function decodeStep(setup: ServingSetup, B: number, S: number): DecodeStep {
  const { model, device, weightDtype, kvDtype } = setup;
  const { L, N, K, H } = model;
  const { weightBytesRead, kvBytesMoved } = decodeBytes(setup, B, S);
  const attention = attentionCost({ B, T: 1, S, N, K, H }, kvDtype);
  const flops = 2 * B * matmulParams(model) + L * attention.flops;
  const memorySeconds = (weightBytesRead + kvBytesMoved) / device.bandwidth;
  const computeSeconds = flops / peakFlops(device, weightDtype);
  const seconds = Math.max(memorySeconds, computeSeconds);
  const memoryBytes = servingMemory(setup, B, S);
  return {
    B,
    S,
    flops,
    weightBytesRead,
    kvBytesMoved,
    memorySeconds,
    computeSeconds,
    seconds,
    bound: memorySeconds >= computeSeconds ? 'memory' : 'compute',
    tokensPerSecond: B / seconds,
    memoryBytes,
    fits: memoryBytes <= device.memoryBytes,
  };
}

/** Decode steps at batch sizes 1, 2, 4, … up to maxB (inclusive when a power of two). */
export function batchSweep(setup: ServingSetup, S: number, maxB: number): DecodeStep[] {
  const steps: DecodeStep[] = [];
  for (let B = 1; B <= maxB; B *= 2) steps.push(decodeStep(setup, B, S));
  return steps;
}

/** What no batch can pass at context S: the limits throughput approaches as the batch grows. */
export interface DecodeCeilings {
  /**
   * Bandwidth ÷ the bytes each sequence adds to a step (its KV cache read, its new token's keys and values written,
   * its embedding row): the most tokens/s while memory-bound, approached once KV reads dwarf the weight reads.
   */
  kvTokensPerSecond: number;
  /** Peak FLOP/s ÷ the FLOPs of one sequence's token (its matmuls and its attention over S). */
  computeTokensPerSecond: number;
}

/** The two ceilings on decode throughput at context S; memory capacity (maxBatch) is the third limit. */
export function decodeCeilings(setup: ServingSetup, S: number): DecodeCeilings {
  const moved = ({ weightBytesRead, kvBytesMoved }: ReturnType<typeof decodeBytes>) =>
    weightBytesRead + kvBytesMoved;
  const bytesPerSequence = moved(decodeBytes(setup, 1, S)) - moved(decodeBytes(setup, 0, S));
  return {
    kvTokensPerSecond: setup.device.bandwidth / bytesPerSequence,
    computeTokensPerSecond: peakFlops(setup.device, setup.weightDtype) / decodeStep(setup, 1, S).flops,
  };
}

/**
 * A decode step in the lecture's simple accounting: every parameter and the whole KV cache (B · S tokens) read
 * once, divided by bandwidth. decodeStep also leaves out the embedding table but for the B rows gathered, and
 * counts the new token's keys and values written.
 */
export function lectureDecodeStep(
  setup: ServingSetup,
  B: number,
  S: number,
): { bytes: number; seconds: number; tokensPerSecond: number } {
  const bytes = weightBytes(setup) + kvCacheBytes(setup, B, S);
  const seconds = bytes / setup.device.bandwidth;
  return { bytes, seconds, tokensPerSecond: B / seconds };
}
