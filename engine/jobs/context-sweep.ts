/**
 * Decode step time and KV memory against context length, on one sequence of the loaded model: the sequence is
 * prefilled (in chunks) up to each context in turn, decodes one untimed step, then a few timed ones, and the median
 * step and the KV blocks it holds are kept. With a sliding window the session frees blocks behind the window as it
 * goes, so its blocks in use stop growing; with cross-layer sharing each block holds fewer layers' keys and values.
 * The sequence is freed at the end, so the sweep leaves the cache as it found it.
 */
import type { LlamaConfig } from '../model/config';
import { bufferNeeds } from '../model/footprint';
import type { ModelRunner } from '../model-runner';

export interface ContextSweepRequest {
  /** Contexts, ascending, each at least `steps` + 1 past the one before: tokens cached when the timed steps start. */
  contexts: readonly number[];
  /** Timed decode steps at each context (after one untimed step). */
  steps: number;
  /** Most tokens one prefill step carries (the session shape's maxTokens). */
  chunk: number;
}

export interface ContextSweepPoint {
  /** Tokens in the cache when the timed steps start. */
  context: number;
  /** Median wall-clock seconds of one decode step, logits read-back included. */
  stepSeconds: number;
  /** KV blocks the sequence holds after the timed steps (the pool's count of blocks in use). */
  blocksInUse: number;
  /** Bytes those blocks occupy in the engine's cache buffers, every layer's keys and values together. */
  kvBytes: number;
}

export interface ContextSweepResult {
  points: ContextSweepPoint[];
  /** Whether the signal stopped the sweep before its last context. */
  cancelled: boolean;
}

/** Bytes one KV block occupies across the engine's cache buffers (one key and one value buffer per cache held). */
export function kvBytesPerBlock(config: LlamaConfig, blockSize: number): number {
  const needs = bufferNeeds(config, { numBlocks: 1, blockSize, maxTokens: 1, maxLogitRows: 1 });
  return needs.filter((n) => /(key|value) cache$/.test(n.what)).reduce((sum, n) => sum + n.bytes, 0);
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Let the worker's queued messages (a cancel) run: on the CPU backend a forward call never waits on anything, so
 * without this the whole sweep would run as one task.
 */
const yieldToEvents = () => new Promise((resolve) => setTimeout(resolve));

/** Any token ids do for timing: the model's work does not depend on them. */
const filler = (start: number, length: number) => Array.from({ length }, (_, i) => ((start + i) * 31) % 256);

export async function contextSweep(
  session: ModelRunner,
  config: LlamaConfig,
  request: ContextSweepRequest,
  progress: (fraction: number) => void = () => {},
  signal?: AbortSignal,
): Promise<ContextSweepResult> {
  const perBlock = kvBytesPerBlock(config, session.cache.blockSize);
  const last = (request.contexts.at(-1) ?? 0) + request.steps;
  const points: ContextSweepPoint[] = [];
  const seq = session.create();
  const length = () => session.cache.length(seq);
  try {
    for (const context of request.contexts) {
      if (length() + 1 > context)
        throw new Error(`context ${context} is behind the sequence's ${length()} tokens`);
      while (length() < context - 1) {
        await yieldToEvents();
        if (signal?.aborted) return { points, cancelled: true };
        const n = Math.min(request.chunk, context - 1 - length());
        await session.forward([{ seq, tokens: filler(length(), n), logits: 'last' }]);
        progress(length() / last);
      }
      const step = () => session.forward([{ seq, tokens: [32], logits: 'last' }]);
      await step();
      const times: number[] = [];
      for (let i = 0; i < request.steps; i++) {
        await yieldToEvents();
        if (signal?.aborted) return { points, cancelled: true };
        const start = performance.now();
        await step();
        times.push((performance.now() - start) / 1000);
      }
      const blocksInUse = session.cache.pool.usedCount;
      points.push({ context, stepSeconds: median(times), blocksInUse, kvBytes: blocksInUse * perBlock });
      progress(length() / last);
    }
    return { points, cancelled: false };
  } finally {
    session.free(seq);
  }
}
