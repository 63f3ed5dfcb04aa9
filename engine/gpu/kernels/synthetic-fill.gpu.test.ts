// The device-side synthetic weight generator against the CPU generator: bit-identical values.
import { describe, it } from 'vitest';
import { syntheticTensor } from '../../model/synthetic';
import { TEST_CONFIG } from '../../model/synthetic-configs';
import { tensorSpecs } from '../../model/weights';
import { expectClose, runPass, storageBuffer, testGpu } from '../testing';
import { SyntheticFillKernel } from './synthetic-fill';

describe('synthetic-fill matches syntheticTensor exactly', () => {
  it('for a matrix and a norm of the test model', async () => {
    const { device } = await testGpu();
    const specs = tensorSpecs(TEST_CONFIG);
    const kernel = new SyntheticFillKernel(device);
    for (const index of [0, 2, 1]) {
      const spec = specs[index]!;
      const n = spec.shape.reduce((a, b) => a * b, 1);
      const out = storageBuffer(device, spec.name, n * 4);
      kernel.fill(out, 4242, index, spec);
      const gpu = await runPass(device, () => {}, out, n);
      expectClose(gpu, syntheticTensor(4242, index, spec), 0);
    }
  });
});
