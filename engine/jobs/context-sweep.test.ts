import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache } from '../kv/paged-kv-cache';
import type { LlamaConfig } from '../model/config';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { ModelRunner } from '../model-runner';
import { kvBytesPerBlock } from '../serve/kv-state';
import { contextSweep, median } from './context-sweep';

const shape = { numBlocks: 16, blockSize: 4, maxTokens: 8, maxLogitRows: 1 };
const request = { contexts: [8, 16, 24], steps: 3, chunk: 8 };

function runner(config: LlamaConfig): ModelRunner {
  return new ModelRunner(
    new CpuBackend(config, syntheticWeights(config, 1), shape),
    new PagedKvCache(shape),
    config,
  );
}

describe('contextSweep', () => {
  it('counts the bytes of a block from the cache buffers the engine allocates', () => {
    // TEST_CONFIG: 2 layers × (keys + values) × K=2 heads × H=16 × 4 bytes × 4 tokens.
    expect(kvBytesPerBlock(TEST_CONFIG, 4)).toBe(2 * 2 * 2 * 16 * 4 * 4);
    expect(kvBytesPerBlock({ ...TEST_CONFIG, kvShareGroup: 2 }, 4)).toBe(2 * 2 * 16 * 4 * 4);
  });

  it('takes the median step', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('holds every block of a full-attention sequence and leaves the cache empty', async () => {
    const s = runner(TEST_CONFIG);
    const fractions: number[] = [];
    const { points, cancelled } = await contextSweep(s, TEST_CONFIG, request, (f) => fractions.push(f));
    expect(cancelled).toBe(false);
    // After the timed steps the sequence holds 11, 19 and 27 tokens: 3, 5 and 7 blocks of 4.
    expect(points.map((p) => [p.context, p.blocksInUse, p.kvBytes])).toEqual([
      [8, 3, 3 * 2048],
      [16, 5, 5 * 2048],
      [24, 7, 7 * 2048],
    ]);
    for (const p of points) expect(p.stepSeconds).toBeGreaterThan(0);
    expect(fractions.at(-1)).toBe(1);
    expect(s.cache.pool.usedCount).toBe(0);
  });

  it('keeps the blocks in use flat behind a sliding window', async () => {
    const config = { ...TEST_CONFIG, slidingWindow: 8 };
    const { points } = await contextSweep(runner(config), config, request);
    // At 11, 19 and 27 tokens the window reaches back to positions 4, 12 and 20: the blocks before are freed.
    expect(points.map((p) => p.blocksInUse)).toEqual([2, 2, 2]);
  });

  it('halves the bytes of every block when two layers share a cache', async () => {
    const config = { ...TEST_CONFIG, kvShareGroup: 2 };
    const { points } = await contextSweep(runner(config), config, request);
    expect(points.map((p) => [p.blocksInUse, p.kvBytes])).toEqual([
      [3, 3 * 1024],
      [5, 5 * 1024],
      [7, 7 * 1024],
    ]);
  });

  it('stops between steps when cancelled, keeping the contexts already measured', async () => {
    const s = runner(TEST_CONFIG);
    const controller = new AbortController();
    const { points, cancelled } = await contextSweep(
      s,
      TEST_CONFIG,
      request,
      (f) => f > 0.6 && controller.abort(),
      controller.signal,
    );
    expect(cancelled).toBe(true);
    expect(points.map((p) => p.context)).toEqual([8, 16]);
    expect(s.cache.pool.usedCount).toBe(0);
  });

  it('refuses a context the sequence has already passed', async () => {
    await expect(
      contextSweep(runner(TEST_CONFIG), TEST_CONFIG, { contexts: [8, 10], steps: 3, chunk: 8 }),
    ).rejects.toThrow('context 10 is behind');
  });
});
