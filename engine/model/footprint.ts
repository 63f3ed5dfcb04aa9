/**
 * The buffers a session needs for a model, its KV cache and its largest step, computed before anything is
 * allocated, and the check that refuses a session that would break a device limit, naming the limit and the size.
 */
import { attentionPartialsBytes } from './attention-split';
import type { LlamaConfig } from './config';
import { kvWritingLayers } from './kv-sharing';
import { tensorSpecs } from './weights';

export interface SessionShape {
  /** KV blocks in the pool. */
  numBlocks: number;
  /** Tokens per block. */
  blockSize: number;
  /** Most token rows one forward step may carry. */
  maxTokens: number;
  /** Most rows of logits one step may return. */
  maxLogitRows: number;
}

export interface BufferNeed {
  what: string;
  bytes: number;
}

/** Every f32 buffer the session allocates, with its size in bytes. */
export function bufferNeeds(c: LlamaConfig, s: SessionShape): BufferNeed[] {
  const f32 = 4;
  const { hiddenSize: D, intermediateSize: F, numHeads: N, numKvHeads: K, headDim: H, vocabSize: V } = c;
  const weights = tensorSpecs(c).map((spec) => ({
    what: spec.name,
    bytes: spec.shape.reduce((a, b) => a * b, 1) * f32,
  }));
  const cacheBytes = s.numBlocks * s.blockSize * K * H * f32;
  // One cache per group of layers sharing it (one per layer without sharing), named by the layer writing it.
  const caches = kvWritingLayers(c).flatMap((l) => [
    { what: `layer ${l} key cache`, bytes: cacheBytes },
    { what: `layer ${l} value cache`, bytes: cacheBytes },
  ]);
  const T = s.maxTokens;
  const ropeTable = { bytes: c.maxPositions * (H / 2) * f32 };
  const activations = [
    { what: 'RoPE cos table', ...ropeTable },
    { what: 'RoPE sin table', ...ropeTable },
    { what: 'residual stream', bytes: T * D * f32 },
    { what: 'normed activations', bytes: T * D * f32 },
    { what: 'queries', bytes: T * N * H * f32 },
    { what: 'keys', bytes: T * K * H * f32 },
    { what: 'values', bytes: T * K * H * f32 },
    { what: 'attention output', bytes: T * N * H * f32 },
    { what: 'attention partials', bytes: attentionPartialsBytes(T, N, H) },
    { what: 'projection output', bytes: T * D * f32 },
    { what: 'MLP gate', bytes: T * F * f32 },
    { what: 'MLP up', bytes: T * F * f32 },
    { what: 'logit rows', bytes: s.maxLogitRows * D * f32 },
    { what: 'logits', bytes: s.maxLogitRows * V * f32 },
    { what: 'logits read-back', bytes: s.maxLogitRows * V * f32 },
  ];
  return [...weights, ...caches, ...activations];
}

/** Most bytes the CPU fallback will hold, to keep it interactive and within a tab's memory. */
export const CPU_MEMORY_BUDGET = 512e6;

export interface DeviceLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  /** Total bytes the session may use, where known (e.g. a budget for the CPU fallback). */
  memoryBudget?: number;
}

/** Raised before allocation when a session would not fit; says which limit and by how much. */
export class LimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitError';
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0)} MB`;
}

/** Throw a LimitError if any buffer, or all of them together, exceed the device's limits. */
export function checkLimits(needs: readonly BufferNeed[], limits: DeviceLimits): void {
  const perBuffer = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const limitName =
    limits.maxStorageBufferBindingSize <= limits.maxBufferSize
      ? 'maxStorageBufferBindingSize'
      : 'maxBufferSize';
  const largest = needs.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  if (largest.bytes > perBuffer) {
    throw new LimitError(
      `${largest.what} needs ${mb(largest.bytes)} in one buffer, more than this device's ${limitName} of ${mb(perBuffer)}.`,
    );
  }
  const total = needs.reduce((sum, n) => sum + n.bytes, 0);
  if (limits.memoryBudget !== undefined && total > limits.memoryBudget) {
    throw new LimitError(
      `This model with its KV cache needs ${mb(total)}, more than the ${mb(limits.memoryBudget)} allowed on this device.`,
    );
  }
}
