import { describe, expect, it } from 'vitest';
import { CpuBackend } from './cpu/forward';
import { PagedKvCache } from './kv/paged-kv-cache';
import { measuredOps } from './measure/measured-ops';
import { stepOpCounts } from './measure/op-costs';
import { syntheticWeights } from './model/synthetic';
import { TEST_CONFIG } from './model/synthetic-configs';
import { ModelRunner } from './model-runner';

const shape = { numBlocks: 16, blockSize: 4, maxTokens: 16, maxLogitRows: 1 };

function cpuSession(): ModelRunner {
  return new ModelRunner(
    new CpuBackend(TEST_CONFIG, syntheticWeights(TEST_CONFIG, 2), shape),
    new PagedKvCache(shape),
    TEST_CONFIG,
  );
}

describe('profiling a prefill on the CPU', () => {
  it('times every op of the prefill under its op-count name, on a scratch sequence it frees', async () => {
    const session = cpuSession();
    const tokens = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const times = await session.timePrefillOps(tokens);
    const counts = stepOpCounts(TEST_CONFIG, [{ cached: 0, newTokens: tokens.length }], 1);
    expect(times.map((t) => t.name)).toEqual(counts.map((c) => c.name));
    expect(times.every((t) => t.clock === 'wall-clock' && t.seconds >= 0)).toBe(true);
    // Joined to the counts, the prefill's q projection is a (10 × 64)·(64 × 64) product.
    const q = measuredOps(counts, times).find((op) => op.name === 'layer 0 q projection')!;
    expect(q.flops).toBe(2 * 10 * 64 * 64);
    expect(session.cache.pool.freeCount).toBe(shape.numBlocks);
  });

  it('leaves other sequences as they were', async () => {
    const session = cpuSession();
    const seq = session.create();
    await session.forward([{ seq, tokens: [3, 1, 4], logits: 'last' }]);
    const [before] = await session.forward([{ seq: session.fork(seq), tokens: [1], logits: 'last' }]);
    await session.timePrefillOps([9, 9, 9, 9, 9]);
    const [after] = await session.forward([{ seq, tokens: [1], logits: 'last' }]);
    expect(after).toEqual(before);
  });

  it('refuses a prompt longer than the model allows, and frees the scratch sequence anyway', async () => {
    const session = cpuSession();
    const long = Array.from({ length: TEST_CONFIG.maxPositions + 1 }, () => 1);
    await expect(session.timePrefillOps(long)).rejects.toThrow(
      `would reach ${long.length} tokens; the model handles at most ${TEST_CONFIG.maxPositions}`,
    );
    expect(session.cache.pool.freeCount).toBe(shape.numBlocks);
  });
});
