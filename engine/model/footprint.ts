/**
 * The buffers a session needs for a model, its KV cache and its largest step, computed before anything is
 * allocated, and the check that refuses a session that would break a device limit, naming the limit and the size.
 */
import { attentionPartialsBytes } from './attention-split';
import type { LlamaConfig } from './config';
import { kvWritingLayers } from './kv-sharing';
import { F32, storedBytes, storedSpecs } from '../quant/stored-tensors';
import type { WeightScheme } from '../quant/scheme';
import type { TensorSpec } from './weights';

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

/** A weight tensor's buffer, with the spec that says how to fill it. */
export interface WeightNeed extends BufferNeed {
  spec: TensorSpec;
}

/** Activations, sized for the largest step: the rows of (T, ·) buffers are token rows, of (R, ·) logit rows. */
export type Activation =
  'x' | 'h' | 'q' | 'k' | 'v' | 'att' | 'partials' | 'gate' | 'up' | 'last' | 'logits' | 'chosen';

/** A step's inputs (engine/backend.ts's ForwardStep), uploaded before it runs. */
export type StepInput =
  'tokens' | 'positions' | 'slots' | 'tableStart' | 'pageTables' | 'logitRows' | 'copies';

/**
 * Every buffer a session holds, by what it is for: the one table that both the limit check (through bufferNeeds)
 * and the GPU backend's allocation (gpu/allocate.ts) read, so what is checked is what is allocated.
 */
export interface BufferTable {
  /** One per tensor the model stores (quant/stored-tensors.ts's storedSpecs), in its order, in its scheme. */
  weights: WeightNeed[];
  /** One key and one value cache per group of layers sharing them (one per layer without sharing). */
  kvCaches: { layer: number; k: BufferNeed; v: BufferNeed }[];
  /** RoPE's cos table (P, H/2) followed by its sin table (P, H/2), in one buffer. */
  ropeTables: BufferNeed;
  activations: Record<Activation, BufferNeed>;
  /** Where the logits are copied to be mapped and read by the host. */
  logitsReadBack: BufferNeed;
  stepInputs: Record<StepInput, BufferNeed>;
}

/** Page-table entries one step may carry: each token row's sequence holds at most a model's context of blocks. */
export function pageTableCapacity(c: LlamaConfig, s: SessionShape): number {
  return s.maxTokens * Math.min(s.numBlocks, Math.ceil(c.maxPositions / s.blockSize));
}

/** The session's buffers with their sizes in bytes, the linear layers' weights stored in `scheme`. */
export function bufferTable(c: LlamaConfig, s: SessionShape, scheme: WeightScheme = F32): BufferTable {
  const f32 = 4;
  const { hiddenSize: D, intermediateSize: F, numHeads: N, numKvHeads: K, headDim: H, vocabSize: V } = c;
  const T = s.maxTokens;
  const R = s.maxLogitRows;
  const need = (what: string, bytes: number): BufferNeed => ({ what, bytes });
  const cacheBytes = s.numBlocks * s.blockSize * K * H * f32;
  return {
    weights: storedSpecs(c, scheme).map((spec) => ({
      what: spec.name,
      bytes: storedBytes(spec, scheme),
      spec,
    })),
    // Named by the layer writing the cache.
    kvCaches: kvWritingLayers(c).map((l) => ({
      layer: l,
      k: need(`layer ${l} key cache`, cacheBytes),
      v: need(`layer ${l} value cache`, cacheBytes),
    })),
    ropeTables: need('RoPE cos and sin tables', 2 * c.maxPositions * (H / 2) * f32),
    activations: {
      x: need('residual stream', T * D * f32),
      h: need('normed activations', T * D * f32),
      q: need('queries', T * N * H * f32),
      k: need('keys', T * K * H * f32),
      v: need('values', T * K * H * f32),
      att: need('attention output', T * N * H * f32),
      partials: need('attention partials', attentionPartialsBytes(T, N, H)),
      gate: need('MLP gate', T * F * f32),
      up: need('MLP up', T * F * f32),
      last: need('logit rows', R * D * f32),
      logits: need('logits', R * V * f32),
      chosen: need('chosen tokens', R * 4),
    },
    logitsReadBack: need('logits read-back', R * V * f32),
    stepInputs: {
      tokens: need('tokens', T * 4),
      positions: need('positions', T * 4),
      slots: need('slots', T * 4),
      tableStart: need('table starts', T * 4),
      pageTables: need('page tables', pageTableCapacity(c, s) * 4),
      logitRows: need('logit rows index', R * 4),
      // Per copy: source block, destination block, tokens, and padding to 16 bytes.
      copies: need('block copies', T * 16),
    },
  };
}

/** Every buffer the session allocates, with its size in bytes: bufferTable as one list. */
export function bufferNeeds(c: LlamaConfig, s: SessionShape, scheme: WeightScheme = F32): BufferNeed[] {
  const table = bufferTable(c, s, scheme);
  return [
    ...table.weights,
    ...table.kvCaches.flatMap(({ k, v }) => [k, v]),
    table.ropeTables,
    ...Object.values(table.activations),
    table.logitsReadBack,
    ...Object.values(table.stepInputs),
  ].map(({ what, bytes }) => ({ what, bytes }));
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
