/**
 * Decode step time and KV memory against context length, on one sequence of the loaded model: the sequence is
 * prefilled (in chunks) up to each context in turn, decodes one untimed step, then a few timed ones, and the median
 * step and the KV blocks it holds are kept. With a sliding window the runner frees blocks behind the window as it
 * goes, so its blocks in use stop growing; with cross-layer sharing each block holds fewer layers' keys and values.
 * The sequence is freed at the end, so the sweep leaves the cache as it found it.
 */
import type { LlamaConfig } from '../model/config';
import { kvBytesPerBlock } from '../serve/kv-state';
import { defineJob } from './job';
import { fillerTokens } from './filler-tokens';
import { yieldToEvents } from './yield-to-events';
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

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function contextSweep(
  runner: ModelRunner,
  config: LlamaConfig,
  request: ContextSweepRequest,
  progress: (fraction: number) => void = () => {},
  signal?: AbortSignal,
): Promise<ContextSweepResult> {
  const perBlock = kvBytesPerBlock(config, runner.cache.blockSize);
  const last = (request.contexts.at(-1) ?? 0) + request.steps;
  const points: ContextSweepPoint[] = [];
  const seq = runner.create();
  const length = () => runner.cache.length(seq);
  try {
    for (const context of request.contexts) {
      if (length() + 1 > context)
        throw new Error(`context ${context} is behind the sequence's ${length()} tokens`);
      while (length() < context - 1) {
        await yieldToEvents();
        if (signal?.aborted) return { points, cancelled: true };
        const n = Math.min(request.chunk, context - 1 - length());
        await runner.forward([{ seq, tokens: fillerTokens(n, length()), logits: 'last' }]);
        progress(length() / last);
      }
      const step = () => runner.forward([{ seq, tokens: [32], logits: 'last' }]);
      await step();
      const times: number[] = [];
      for (let i = 0; i < request.steps; i++) {
        await yieldToEvents();
        if (signal?.aborted) return { points, cancelled: true };
        const start = performance.now();
        await step();
        times.push((performance.now() - start) / 1000);
      }
      const blocksInUse = runner.cache.pool.usedCount;
      points.push({ context, stepSeconds: median(times), blocksInUse, kvBytes: blocksInUse * perBlock });
      progress(length() / last);
    }
    return { points, cancelled: false };
  } finally {
    runner.free(seq);
  }
}

/** Lesson 2's and 3's step time against context, on the loaded model; streams nothing, stops between steps. */
export const contextSweepJob = defineJob({
  name: 'context-sweep',
  run: (session, request: ContextSweepRequest, progress, signal): Promise<ContextSweepResult> =>
    contextSweep(
      session.runner,
      session.info.config,
      request,
      (fraction) => progress({ stage: 'timing decode steps', fraction }),
      signal,
    ),
});

declare module './registry' {
  interface JobTable {
    [contextSweepJob.name]: typeof contextSweepJob;
  }
}
