import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache } from '../kv/paged-kv-cache';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { ModelRunner } from '../model-runner';
import type { Session } from '../create-session';
import { decodeSweep, decodeSweepJob, MIN_TIMED_STEPS } from './decode-sweep';

const shape = { numBlocks: 16, blockSize: 8, maxTokens: 16, maxLogitRows: 4 };
const testRunner = () =>
  new ModelRunner(
    new CpuBackend(TEST_CONFIG, syntheticWeights(TEST_CONFIG, 1), shape),
    new PagedKvCache(shape),
    TEST_CONFIG,
  );

describe('decodeSweep', () => {
  it('times each batch size and leaves the cache empty', async () => {
    const runner = testRunner();
    const fractions: number[] = [];
    const points = await decodeSweep(runner, { batches: [1, 2, 4], context: 5, steps: 3 }, (f) =>
      fractions.push(f),
    );
    expect(points.map((p) => [p.batch, p.steps])).toEqual([
      [1, 3],
      [2, 3],
      [4, 3],
    ]);
    for (const p of points) expect(p.tokensPerSecond).toBeCloseTo(p.batch / p.stepSeconds, 9);
    expect(fractions.at(-1)).toBe(1);
    expect(runner.cache.pool.usedCount).toBe(0);
  });

  it('says it is timing from the start, before the first batch ends', async () => {
    const stages: { stage: string; fraction: number }[] = [];
    const session = { runner: testRunner() } as unknown as Session;
    const request = { batches: [1], context: 5, steps: 2 };
    await decodeSweepJob.run(session, request, (u) => stages.push(u), new AbortController().signal);
    expect(stages).toEqual([
      { stage: 'timing decode steps', fraction: 0 },
      { stage: 'timing decode steps', fraction: 1 },
    ]);
  });

  it('stops a batch size at its budget of seconds, after the fewest steps it times', async () => {
    const runner = testRunner();
    const request = { batches: [1, 2], context: 5, steps: 12 };
    const spent = await decodeSweep(runner, { ...request, budgetSeconds: 0 });
    expect(spent.map((p) => p.steps)).toEqual([MIN_TIMED_STEPS, MIN_TIMED_STEPS]);
    const ample = await decodeSweep(runner, { ...request, budgetSeconds: 60 });
    expect(ample.map((p) => p.steps)).toEqual([12, 12]);
    expect(runner.cache.pool.usedCount).toBe(0);
  });
});
