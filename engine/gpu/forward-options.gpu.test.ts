// The WebGPU forward against the CPU forward with lesson 3's options on a synthetic model: a sliding window over a
// prefill and many decode steps past it, two sequences taking turns in a pool so small that each reuses the
// blocks the other's window has left; and cross-layer KV sharing over prefill, decode, a batch and a fork.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache, RELEASED_BLOCK } from '../kv/paged-kv-cache';
import type { LlamaConfig } from '../model/config';
import type { SessionShape } from '../model/footprint';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { argmax } from '../serve/sampling';
import { ModelRunner } from '../model-runner';
import { GpuBackend } from './forward';
import { expectClose, testGpu } from './testing';

const SEED = 78;
// As in forward.test.ts: f32 sums in a different order over two layers.
const ATOL = 1e-4;

async function sessions(
  config: LlamaConfig,
  shape: SessionShape,
): Promise<{ gpu: ModelRunner; cpu: ModelRunner }> {
  const gpuBackend = await GpuBackend.create(
    await testGpu(),
    config,
    { kind: 'synthetic', seed: SEED },
    shape,
  );
  const cpuBackend = new CpuBackend(config, syntheticWeights(config, SEED), shape);
  return {
    gpu: new ModelRunner(gpuBackend, new PagedKvCache(shape), config),
    cpu: new ModelRunner(cpuBackend, new PagedKvCache(shape), config),
  };
}

describe('GPU forward matches the CPU forward', () => {
  it('with a sliding window, decoding far past it while freed blocks are reused', async () => {
    const config = { ...TEST_CONFIG, slidingWindow: 6 };
    // Two sequences of up to 21 tokens in 9 two-token blocks: only freeing behind the window makes room.
    const { gpu, cpu } = await sessions(config, {
      numBlocks: 9,
      blockSize: 2,
      maxTokens: 8,
      maxLogitRows: 2,
    });
    const prompts = [
      [5, 4, 3, 2, 1],
      [9, 8, 7],
    ];
    for (const s of [gpu, cpu]) prompts.forEach(() => s.create());
    const step = (s: ModelRunner, tokens: number[][]) =>
      s.forward(tokens.map((t, seq) => ({ seq, tokens: t, logits: 'last' as const })));
    // The prefill, then 16 greedy decode steps; sequence 0 ends at 21 tokens, 15 positions past its window.
    let next = prompts;
    for (let i = 0; i <= 16; i++) {
      const [g, c] = [await step(gpu, next), await step(cpu, next)];
      g.forEach((logits, seq) => expectClose(logits, c[seq]!, ATOL, 1e-4));
      next = c.map((logits) => [argmax(logits)]);
      expect(g.map((logits) => [argmax(logits)])).toEqual(next);
    }
    expect(gpu.cache.pageTable(0)).toEqual(cpu.cache.pageTable(0));
    expect(gpu.cache.pageTable(0).filter((block) => block === RELEASED_BLOCK).length).toBe(8);
  });

  it('with two layers sharing one KV cache, over prefill, decode, a batch and a fork', async () => {
    const config = { ...TEST_CONFIG, kvShareGroup: 2 };
    const { gpu, cpu } = await sessions(config, {
      numBlocks: 32,
      blockSize: 4,
      maxTokens: 32,
      maxLogitRows: 8,
    });
    const run = async (requests: Parameters<ModelRunner['forward']>[0]) => {
      const [g, c] = [await gpu.forward(requests), await cpu.forward(requests)];
      g.forEach((logits, i) => expectClose(logits, c[i]!, ATOL, 1e-4));
    };
    for (const s of [gpu, cpu]) s.create();
    // 20 tokens take the tiled matmul, one the matrix-vector kernels.
    await run([{ seq: 0, tokens: Array.from({ length: 20 }, (_, i) => (i * 29) % 256), logits: 'last' }]);
    for (const token of [1, 2, 3]) await run([{ seq: 0, tokens: [token], logits: 'last' }]);
    for (const s of [gpu, cpu]) s.fork(0);
    // The fork's partly filled shared block is copied once, in the one cache both layers read.
    await run([
      { seq: 1, tokens: [7, 8], logits: 'all' },
      { seq: 0, tokens: [9], logits: 'last' },
    ]);
    expect(gpu.cache.pageTable(1)).not.toEqual(gpu.cache.pageTable(0));
    await run([
      { seq: 0, tokens: [4], logits: 'last' },
      { seq: 1, tokens: [5], logits: 'last' },
    ]);
  });
});
