// Timing a decode step's ops on WebGPU (the GPU twin of profile.test.ts): each dispatch timed under the op-count names
// it covers, on a scratch fork, leaving the timed sequence's cache and next logits unchanged.
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../gpu/forward';
import { expectClose, testGpu } from '../gpu/testing';
import { PagedKvCache } from '../kv/paged-kv-cache';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { ModelRunner } from '../model-runner';
import { stepOpCounts } from './op-costs';

describe('GpuBackend.timeOps', () => {
  it('times every op and does not disturb the sequence', async () => {
    const shape = { numBlocks: 16, blockSize: 4, maxTokens: 16, maxLogitRows: 1 };
    const backend = await GpuBackend.create(
      await testGpu(),
      TEST_CONFIG,
      { kind: 'synthetic', seed: 2 },
      shape,
    );
    const session = new ModelRunner(backend, new PagedKvCache(shape), TEST_CONFIG);
    const seq = session.create();
    await session.forward([{ seq, tokens: [1, 2, 3, 4, 5, 6], logits: 'last' }]);
    const [before] = await session.forward([{ seq: session.fork(seq), tokens: [7], logits: 'last' }]);
    const times = await session.timeDecodeOps(seq, 7);
    // Fused kernels cover several ops each; together they cover every op once, in order.
    expect(times.length).toBeLessThan(stepOpCounts(TEST_CONFIG, [{ cached: 6, newTokens: 1 }], 1).length);
    expect(times.flatMap((t) => t.covers)).toEqual(
      stepOpCounts(TEST_CONFIG, [{ cached: 6, newTokens: 1 }], 1).map((o) => o.name),
    );
    expect(times.every((t) => t.seconds >= 0)).toBe(true);
    // SwiftShader offers timestamp queries, so every op is timed on the GPU's clock.
    expect(new Set(times.map((t) => t.clock))).toEqual(new Set(['gpu-timestamp']));
    expect(times.reduce((sum, t) => sum + t.seconds, 0)).toBeGreaterThan(0);
    const [after] = await session.forward([{ seq, tokens: [7], logits: 'last' }]);
    expectClose(after!, before!, 0);
  });
});
