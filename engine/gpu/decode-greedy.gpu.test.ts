// Greedy decoding with the token ids kept on the device, against the same steps run one by one with their logits
// read back and the argmax taken on the CPU: the device must choose the same tokens, for one sequence and for a
// batch of two, when it replays those steps (same positions, slots and page tables) with its own choices. And greedy
// decoding on WebGPU over the prefix cache: requests sharing a system prompt generate what they generate without it,
// reading the prompt's keys and values from blocks an earlier request wrote.
import { describe, expect, it } from 'vitest';
import type { ForwardStep } from '../backend';
import { PagedKvCache } from '../kv/paged-kv-cache';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { serveSharedPrefix } from '../serve/prefix-sharing';
import { argmax } from '../serve/sampling';
import { ModelRunner } from '../model-runner';
import { GpuBackend } from './forward';
import { testGpu } from './testing';

async function greedyOnTheHost(prompts: number[][], steps: number) {
  const shape = { numBlocks: 32, blockSize: 4, maxTokens: 32, maxLogitRows: 4 };
  const backend = await GpuBackend.create(
    await testGpu(),
    TEST_CONFIG,
    { kind: 'synthetic', seed: 5 },
    shape,
  );
  const session = new ModelRunner(backend, new PagedKvCache(shape), TEST_CONFIG);
  const seqs = prompts.map(() => session.create());
  let logits = await session.forward(seqs.map((seq, i) => ({ seq, tokens: prompts[i]!, logits: 'last' })));
  const seen: ForwardStep[] = [];
  const forward = backend.forward.bind(backend);
  backend.forward = (step) => (seen.push(step), forward(step));
  const chosen: number[][] = [];
  for (let s = 0; s < steps; s++) {
    const next = logits.map(argmax);
    logits = await session.forward(seqs.map((seq, i) => ({ seq, tokens: [next[i]!], logits: 'last' })));
    if (s > 0) chosen.push(next);
  }
  chosen.push(logits.map(argmax));
  return { backend, seen, chosen };
}

describe('greedy decoding on the device', () => {
  for (const prompts of [[[1, 2, 3, 4, 5]], [[9, 8, 7], [100]]]) {
    it(`chooses the tokens the host chooses, ${prompts.length} sequence(s), 12 steps`, async () => {
      const { backend, seen, chosen } = await greedyOnTheHost(prompts, 12);
      const device = await backend.decodeGreedy(seen);
      expect(device.map((ids) => Array.from(ids))).toEqual(chosen);
      // Not a constant: the model's choices change along the way.
      expect(new Set(chosen.flat()).size).toBeGreaterThan(1);
    });
  }

  it('refuses steps whose rows do not all return logits', async () => {
    const { backend, seen } = await greedyOnTheHost([[1, 2]], 1);
    const step = { ...seen[0]!, tokens: Int32Array.from([1, 2]), logitRows: Int32Array.from([1]) };
    await expect(backend.decodeGreedy([step])).rejects.toThrow('needs the logits of every token row');
  });
});

describe('greedy decoding over the prefix cache on the device', () => {
  it('generates what uncached serving generates, the later requests computing only their tails', async () => {
    const shape = { numBlocks: 32, blockSize: 4, maxTokens: 16, maxLogitRows: 1 };
    const backend = await GpuBackend.create(
      await testGpu(),
      TEST_CONFIG,
      { kind: 'synthetic', seed: 3 },
      shape,
    );
    const runner = new ModelRunner(backend, new PagedKvCache(shape), TEST_CONFIG);
    const system = [7, 3, 9, 12, 5, 1, 8, 2, 6];
    const requests = [[5, 9], [8], [4, 4, 6]].map((tail) => ({
      prompt: [...system, ...tail],
      maxNewTokens: 4,
    }));
    const plain = await serveSharedPrefix(runner, requests, { prefixCaching: false });
    const cached = await serveSharedPrefix(runner, requests, { prefixCaching: true });
    expect(cached.served.map((s) => s.cached)).toEqual([0, 8, 8]);
    expect(cached.served.map((s) => s.tokens)).toEqual(plain.served.map((s) => s.tokens));
    expect(new Set(plain.served.flatMap((s) => s.tokens)).size).toBeGreaterThan(1);
    expect(runner.cache.pool.freeCount).toBe(shape.numBlocks);
  });
});
