// The whole forward pass on WebGPU against the CPU backend on the same synthetic model: a prefill and 20 greedy
// decode steps (logits within tolerance, tokens identical), a batch of sequences of different lengths, and a
// fork whose copy-on-write runs on the device.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache } from '../kv/paged-kv-cache';
import type { SessionShape } from '../model/footprint';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { argmax } from '../serve/sampling';
import { ModelRunner } from '../model-runner';
import { GpuBackend } from './forward';
import { expectClose, testGpu } from './testing';

const SEED = 77;

async function sessions(blockSize: number, numBlocks = 48): Promise<{ gpu: ModelRunner; cpu: ModelRunner }> {
  const shape: SessionShape = { numBlocks, blockSize, maxTokens: 64, maxLogitRows: 8 };
  const gpuBackend = await GpuBackend.create(
    await testGpu(),
    TEST_CONFIG,
    { kind: 'synthetic', seed: SEED },
    shape,
  );
  const cpuBackend = new CpuBackend(TEST_CONFIG, syntheticWeights(TEST_CONFIG, SEED), shape);
  return {
    gpu: new ModelRunner(gpuBackend, new PagedKvCache(shape), TEST_CONFIG),
    cpu: new ModelRunner(cpuBackend, new PagedKvCache(shape), TEST_CONFIG),
  };
}

// Logits are O(1); f32 sums in a different order, pow/cos on the GPU, over two layers: 1e-4 absolute.
const ATOL = 1e-4;

describe('GPU forward matches the CPU forward', () => {
  it('over a prefill and 20 greedy decode steps', async () => {
    const { gpu, cpu } = await sessions(4);
    const prompt = Array.from(new TextEncoder().encode('The cache grows.'));
    const g = gpu.create();
    const c = cpu.create();
    let [gl] = await gpu.forward([{ seq: g, tokens: prompt, logits: 'last' }]);
    let [cl] = await cpu.forward([{ seq: c, tokens: prompt, logits: 'last' }]);
    const tokens: [number, number][] = [];
    for (let step = 0; step < 20; step++) {
      expectClose(gl!, cl!, ATOL, 1e-4);
      const next = argmax(cl!);
      tokens.push([argmax(gl!), next]);
      [gl] = await gpu.forward([{ seq: g, tokens: [next], logits: 'last' }]);
      [cl] = await cpu.forward([{ seq: c, tokens: [next], logits: 'last' }]);
    }
    expect(tokens.map(([a]) => a)).toEqual(tokens.map(([, b]) => b));
  });

  it('for a batch of three sequences of different lengths, and for draft verification', async () => {
    const { gpu, cpu } = await sessions(3);
    const prompts = [[1, 2, 3], [10, 20, 30, 40, 50, 60, 70, 80, 90], [200]];
    for (const s of [gpu, cpu]) prompts.forEach(() => s.create());
    const run = (s: ModelRunner, tokens: number[][], logits: 'last' | 'all') =>
      s.forward(tokens.map((t, seq) => ({ seq, tokens: t, logits })));
    const pairs = [
      [await run(gpu, prompts, 'last'), await run(cpu, prompts, 'last')],
      [await run(gpu, [[5], [6], [7]], 'last'), await run(cpu, [[5], [6], [7]], 'last')],
      [
        await run(gpu, [[8, 9, 10, 11], [12], [13, 14]], 'all'),
        await run(cpu, [[8, 9, 10, 11], [12], [13, 14]], 'all'),
      ],
    ];
    for (const [g, c] of pairs) g!.forEach((logits, i) => expectClose(logits, c![i]!, ATOL, 1e-4));
  });

  it('when a forked sequence copies a shared block on the device', async () => {
    const { gpu, cpu } = await sessions(4);
    for (const s of [gpu, cpu]) {
      const parent = s.create();
      await s.forward([{ seq: parent, tokens: [1, 2, 3, 4, 5, 6], logits: 'last' }]);
      s.fork(parent);
    }
    const step = async (s: ModelRunner) =>
      await s.forward([
        { seq: 1, tokens: [9], logits: 'last' },
        { seq: 0, tokens: [7], logits: 'last' },
      ]);
    const [g, c] = [await step(gpu), await step(cpu)];
    expect(gpu.cache.pageTable(0)).not.toEqual(gpu.cache.pageTable(1));
    g.forEach((logits, i) => expectClose(logits, c[i]!, ATOL, 1e-4));
    const next = async (s: ModelRunner) => (await s.forward([{ seq: 0, tokens: [8], logits: 'last' }]))[0]!;
    expectClose(await next(gpu), await next(cpu), ATOL, 1e-4);
  });

  it('with one-token blocks as with one contiguous block', async () => {
    const paged = (await sessions(1, 64)).gpu;
    const contiguous = (await sessions(64, 2)).gpu;
    const tokens = [3, 1, 4, 1, 5, 9, 2, 6];
    const a = await paged.forward([{ seq: paged.create(), tokens, logits: 'all' }]);
    const b = await contiguous.forward([{ seq: contiguous.create(), tokens, logits: 'all' }]);
    expectClose(a[0]!, b[0]!, 1e-6, 1e-6);
    expect(Math.max(...a[0]!) - Math.min(...a[0]!)).toBeGreaterThan(0.1);
  });
});
