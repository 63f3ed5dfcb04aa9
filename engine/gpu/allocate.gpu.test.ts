// What the GPU backend allocates is what the limit check counted: one buffer per row of model/footprint.ts's table,
// with its label and size, whether the weights are uploaded or generated on the device, with and without caches
// shared between layers.
import { describe, expect, it } from 'vitest';
import { bufferNeeds } from '../model/footprint';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { allocateBuffers, type WeightSource } from './allocate';
import { alignedSize } from './buffers';
import { Kernels } from './kernels/index';
import { testGpu } from './testing';

const shape = { numBlocks: 12, blockSize: 4, maxTokens: 24, maxLogitRows: 3 };

describe('allocateBuffers', () => {
  const configs = [TEST_CONFIG, { ...TEST_CONFIG, kvShareGroup: 2 }];
  for (const config of configs) {
    for (const kind of ['synthetic', 'loaded'] as const) {
      it(`allocates the footprint table, buffer for buffer (${kind} weights, ${config.kvShareGroup ?? 1} layers per cache)`, async () => {
        const { device } = await testGpu();
        const source: WeightSource =
          kind === 'loaded' ? { kind, weights: syntheticWeights(config, 3) } : { kind, seed: 3 };
        const buffers = await allocateBuffers(device, new Kernels(device), config, shape, source);
        const allocated = buffers.all.map((b) => ({ what: b.label, bytes: b.size }));
        const table = bufferNeeds(config, shape).map((n) => ({ what: n.what, bytes: alignedSize(n.bytes) }));
        expect(allocated).toEqual(table);
        expect(buffers.activations.x.label).toBe('residual stream');
        expect(buffers.stepInputs.pageTables.size).toBe(24 * 12 * 4);
        expect(buffers.kvCaches.map(({ layer, k }) => `${layer}: ${k.label}`)).toEqual(
          config.kvShareGroup ? ['0: layer 0 key cache'] : ['0: layer 0 key cache', '1: layer 1 key cache'],
        );
        for (const buffer of buffers.all) buffer.destroy();
      });
    }
  }
});
