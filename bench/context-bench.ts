/**
 * Decode step time against context length, for the KV-heavy synthetic models lesson 2 sweeps in the browser and
 * through the same code (engine/serve/context-sweep.ts): at each context the median awaited step (logits read
 * back), the bytes it must move (weights, KV, activations, counted by op-costs) ÷ that time, and the share of those
 * bytes that is KV. Where KV reads overtake weight reads, the step should start to grow in proportion to context.
 */
import { contextSweep, GpuBackend, ModelRunner, PagedKvCache, type GpuContext } from '../engine/bench-entry';
import { KV_HEAVY_SIZES, parameterCount, stepOpCounts, sumCosts } from '../engine/index';

export interface ContextResult {
  model: string;
  weightBytes: number;
  context: number;
  /** Median wall-clock step, logits read back. */
  stepSeconds: number;
  /** KV bytes the step reads and writes ÷ all the bytes it moves. */
  kvShare: number;
  achievedBandwidth: number;
  fractionOfCopy: number;
}

const BLOCK = 16;
const CHUNK = 256;

/** Sweep the KV-heavy model `id` over `contexts` with `steps` timed steps at each. */
export async function contextRun(
  ctx: GpuContext,
  id: string,
  contexts: readonly number[],
  steps: number,
  copy: number,
): Promise<ContextResult[]> {
  const { config } = KV_HEAVY_SIZES.find((s) => s.id === id)!;
  const shape = {
    numBlocks: Math.ceil((contexts.at(-1)! + steps + 1) / BLOCK),
    blockSize: BLOCK,
    maxTokens: CHUNK,
    maxLogitRows: 1,
  };
  const backend = await GpuBackend.create(ctx, config, { kind: 'synthetic', seed: 1 }, shape);
  const session = new ModelRunner(backend, new PagedKvCache(shape), config);
  const { points } = await contextSweep(session, config, { contexts, steps, chunk: CHUNK });
  backend.destroy();
  return points.map(({ context, stepSeconds }) => {
    const counts = sumCosts(stepOpCounts(config, [{ cached: context + steps / 2, newTokens: 1 }], 1));
    return {
      model: id,
      weightBytes: parameterCount(config) * 4,
      context,
      stepSeconds,
      kvShare: counts.kvBytes / counts.bytes,
      achievedBandwidth: counts.bytes / stepSeconds,
      fractionOfCopy: counts.bytes / stepSeconds / copy,
    };
  });
}
