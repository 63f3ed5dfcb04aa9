// The GPU forward with its linear layers stored in fewer bits against the CPU forward on the same synthetic model,
// drawn in that scheme on each side (the device fills its buffers itself; the CPU draws the same words): a prefill
// of 12 tokens (the packed tiled kernel) and three decode steps (the packed matrix–vector kernel), for f16 with a tied
// head stored apart at 16 bits, int4 with zero-points, and W8A8 with LLM.int8()'s decomposition (kernels/w8a8.ts). (Every scheme's kernels are judged one by one in
// kernels/linear-packed.gpu.test.ts; SwiftShader compiles a whole forward's pipelines slowly.)
import { describe, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache } from '../kv/paged-kv-cache';
import type { SessionShape } from '../model/footprint';
import { TEST_CONFIG } from '../model/synthetic-configs';
import type { WeightScheme } from '../quant/scheme';
import { syntheticEncodedWeights } from '../quant/synthetic-encoded';
import { ModelRunner } from '../model-runner';
import { GpuBackend } from './forward';
import { expectClose, testGpu } from './testing';

const SEED = 31;
const shape: SessionShape = { numBlocks: 16, blockSize: 4, maxTokens: 16, maxLogitRows: 1 };

const cases: [string, WeightScheme, boolean][] = [
  ['f16, tied head', { kind: 'f16' }, true],
  ['int4 g32 with zero-points', { kind: 'int', bits: 4, group: 32, zeroPoint: true }, false],
  ['W8A8 with outliers at 6 in f32', { kind: 'w8a8', threshold: 6 }, false],
];

describe('GPU forward with weights in fewer bits matches the CPU forward', () => {
  for (const [name, scheme, tied] of cases) {
    it(name, async () => {
      const config = { ...TEST_CONFIG, tieWordEmbeddings: tied };
      const source = { kind: 'synthetic', seed: SEED, scheme } as const;
      const gpu = new ModelRunner(
        await GpuBackend.create(await testGpu(), config, source, shape),
        new PagedKvCache(shape),
        config,
      );
      const cpuWeights = syntheticEncodedWeights(config, SEED, scheme);
      const cpu = new ModelRunner(new CpuBackend(config, cpuWeights, shape), new PagedKvCache(shape), config);
      const [g, c] = [gpu.create(), cpu.create()];
      let tokens = Array.from({ length: 12 }, (_, i) => (i * 37) % 256);
      for (let step = 0; step < 4; step++) {
        const [gl] = await gpu.forward([{ seq: g, tokens, logits: 'last' }]);
        const [cl] = await cpu.forward([{ seq: c, tokens, logits: 'last' }]);
        expectClose(gl!, cl!, 1e-4, 1e-4);
        tokens = [(step * 59 + 7) % 256];
      }
    });
  }
});
