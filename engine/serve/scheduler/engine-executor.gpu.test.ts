// The scheduler driving the WebGPU backend: a small stream served with continuous and static batching, through
// chunked prefill and preemption (a pool too small for every request at once), gives each request the tokens the
// same device gives it served alone, and returns every block to the pool.
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../../gpu/forward';
import { testGpu } from '../../gpu/testing';
import { PagedKvCache } from '../../kv/paged-kv-cache';
import { TEST_CONFIG } from '../../model/synthetic-configs';
import { ModelRunner } from '../../model-runner';
import { greedyAlone } from '../../testing/greedy-alone';
import { EngineExecutor } from './engine-executor';
import { requestStream } from './request-stream';
import { serve, type SchedulerOptions } from './scheduler';

const options: SchedulerOptions = {
  policy: 'continuous',
  slots: 3,
  numBlocks: 6,
  blockSize: 4,
  tokenBudget: 12,
  chunkedPrefill: true,
  staticTimeout: 0,
};
const shape = { numBlocks: options.numBlocks, blockSize: options.blockSize, maxTokens: 32, maxLogitRows: 3 };
const stream = requestStream({
  seed: 4,
  requests: 5,
  rate: Infinity,
  promptTokens: { kind: 'uniform', min: 2, max: 14 },
  outputTokens: { kind: 'uniform', min: 2, max: 10 },
  source: Array.from({ length: 100 }, (_, i) => (i * 13) % 256),
});

describe('the scheduler on the GPU backend', () => {
  it('gives each request its own greedy tokens under both policies, through preemption', async () => {
    const backend = await GpuBackend.create(
      await testGpu(),
      TEST_CONFIG,
      { kind: 'synthetic', seed: 3 },
      shape,
    );
    const runner = new ModelRunner(backend, new PagedKvCache(shape), TEST_CONFIG);
    const alone = await greedyAlone(runner, stream);
    const preempted: number[] = [];
    for (const policy of ['continuous', 'static'] as const) {
      const result = await serve(stream, new EngineExecutor(runner), { ...options, policy });
      preempted.push(result.preempted.length);
      for (const r of result.requests)
        expect(r.tokens, `request ${r.id}, ${policy}`).toEqual(alone.get(r.id));
      expect(runner.cache.pool.usedCount).toBe(0);
    }
    // Six blocks of four cannot hold three of these requests at full length: both policies preempted.
    for (const count of preempted) expect(count).toBeGreaterThan(0);
    // The device goes with the backend: later files' tests (device-lost's fresh devices) hung behind one more left.
    backend.destroy();
  }, 120_000);
});
