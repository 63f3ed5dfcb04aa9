import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache } from '../kv/paged-kv-cache';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { ModelRunner } from '../model-runner';
import { stepOpCounts } from './op-costs';

describe('profiling a decode step on the CPU', () => {
  it('times every op under the names the op counts use, and leaves the sequence as it was', async () => {
    const shape = { numBlocks: 16, blockSize: 4, maxTokens: 16, maxLogitRows: 1 };
    const session = new ModelRunner(
      new CpuBackend(TEST_CONFIG, syntheticWeights(TEST_CONFIG, 2), shape),
      new PagedKvCache(shape),
      TEST_CONFIG,
    );
    const seq = session.create();
    await session.forward([{ seq, tokens: [1, 2, 3, 4, 5, 6], logits: 'last' }]);
    const [before] = await session.forward([{ seq: session.fork(seq), tokens: [7], logits: 'last' }]);
    const times = await session.timeDecodeOps(seq, 7);
    const names = stepOpCounts(TEST_CONFIG, [{ cached: 6, newTokens: 1 }], 1).map((o) => o.name);
    expect(times.map((t) => t.name)).toEqual(names);
    expect(times.every((t) => t.seconds >= 0)).toBe(true);
    expect(session.cache.length(seq)).toBe(6);
    const [after] = await session.forward([{ seq, tokens: [7], logits: 'last' }]);
    expect(after).toEqual(before);
  });
});
