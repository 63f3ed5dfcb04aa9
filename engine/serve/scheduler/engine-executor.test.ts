import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../cpu/forward';
import { PagedKvCache } from '../../kv/paged-kv-cache';
import { syntheticWeights } from '../../model/synthetic';
import { TEST_CONFIG } from '../../model/synthetic-configs';
import { ModelRunner } from '../../model-runner';
import { greedyAlone } from '../../testing/greedy-alone';
import { EngineExecutor } from './engine-executor';
import { requestStream } from './request-stream';
import { serve, type SchedulerOptions } from './scheduler';

const options: SchedulerOptions = {
  policy: 'continuous',
  slots: 4,
  numBlocks: 14,
  blockSize: 8,
  tokenBudget: 24,
  chunkedPrefill: true,
  staticTimeout: 0,
};
const runnerFor = (numBlocks: number) => {
  const shape = { numBlocks, blockSize: options.blockSize, maxTokens: 64, maxLogitRows: options.slots };
  const weights = syntheticWeights(TEST_CONFIG, 1);
  return new ModelRunner(new CpuBackend(TEST_CONFIG, weights, shape), new PagedKvCache(shape), TEST_CONFIG);
};
const stream = requestStream({
  seed: 4,
  requests: 10,
  rate: Infinity,
  promptTokens: { kind: 'uniform', min: 2, max: 30 },
  outputTokens: { kind: 'uniform', min: 1, max: 20 },
  source: Array.from({ length: 200 }, (_, i) => (i * 13) % 256),
});

describe('the scheduler on the engine', () => {
  it("gives each request the model's own greedy output, through chunked prefill and preemption", async () => {
    const expected = await greedyAlone(runnerFor(64), stream);
    for (const policy of ['continuous', 'static'] as const) {
      const runner = runnerFor(options.numBlocks);
      const result = await serve(stream, new EngineExecutor(runner), { ...options, policy });
      if (policy === 'continuous') expect(result.preempted.length).toBeGreaterThan(0);
      for (const r of result.requests) expect(r.tokens).toEqual(expected.get(r.id));
      // Every block went back to the pool.
      expect(runner.cache.pool.usedCount).toBe(0);
      for (const step of result.steps) expect(step.seconds).toBeGreaterThan(0);
    }
  }, 30_000);
});
