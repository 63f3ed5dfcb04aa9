// A pruned model is an ordinary model: a synthetic model sliced at every granularity at once (half its channels, one
// query head per group, half its neurons, one layer) runs on WebGPU and matches the CPU backend on the same sliced
// weights, over a prefill and a few decode steps. One model, since each new shape compiles every pipeline again.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { GpuBackend } from '../gpu/forward';
import { expectClose, testGpu } from '../gpu/testing';
import { PagedKvCache } from '../kv/paged-kv-cache';
import type { LlamaConfig } from '../model/config';
import type { SessionShape } from '../model/footprint';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import type { LlamaWeights } from '../model/weights';
import { ModelRunner } from '../model-runner';
import { argmax } from '../serve/sampling';
import { randomImportance } from './importance';
import { keptByImportance } from './plan';
import { sliceModel } from './slice';

const shape: SessionShape = { numBlocks: 8, blockSize: 4, maxTokens: 16, maxLogitRows: 2 };
const weights = syntheticWeights(TEST_CONFIG, 12);
const scores = randomImportance(TEST_CONFIG, 4);

async function runners(config: LlamaConfig, w: LlamaWeights) {
  const gpu = await GpuBackend.create(await testGpu(), config, { kind: 'loaded', weights: w }, shape);
  const cpu = new CpuBackend(config, w, shape);
  return [gpu, cpu].map((backend) => new ModelRunner(backend, new PagedKvCache(shape), config));
}

describe('a sliced model on WebGPU', () => {
  it('matches the CPU backend', async () => {
    const kept = (granularity: Parameters<typeof keptByImportance>[2]) =>
      keptByImportance(TEST_CONFIG, scores, granularity, 0.5);
    const layers = kept('layers').layers;
    const pruned = sliceModel(TEST_CONFIG, weights, {
      channels: kept('channels').channels,
      layers,
      heads: layers.map((l) => kept('heads').heads[l]!),
      neurons: layers.map((l) => kept('neurons').neurons[l]!),
    });
    const { hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads } = pruned.config;
    expect([hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads]).toEqual([32, 96, 1, 2, 2]);
    const [gpu, cpu] = await runners(pruned.config, pruned.weights);
    const [g, c] = [gpu!.create(), cpu!.create()];
    let tokens = [5, 17, 99, 3];
    for (let step = 0; step < 3; step++) {
      const [gl] = await gpu!.forward([{ seq: g, tokens, logits: 'last' }]);
      const [cl] = await cpu!.forward([{ seq: c, tokens, logits: 'last' }]);
      expectClose(gl!, cl!, 1e-4, 1e-4);
      expect(argmax(gl!)).toBe(argmax(cl!));
      tokens = [argmax(cl!)];
    }
  }, 60_000);
});
