// Every kernel compiles on the test device: a shader error fails here, by name, instead of as zeros elsewhere.
import { describe, expect, it } from 'vitest';
import { validated } from '../buffers';
import { acquireGpu } from '../device';
import { testGpu } from '../testing';
import { Kernels } from './index';

describe('kernels', () => {
  it('all compile and build pipelines without validation errors', async () => {
    const { device } = await testGpu();
    const kernels = new Kernels(device);
    expect(kernels.all()).toHaveLength(65);
    for (const kernel of kernels.all()) await validated(device, kernel.label, () => kernel.pipeline);
  }, 300_000); // SwiftShader compiles 65 pipelines in a minute or more on a busy machine

  it('compiles each kernel once per device: a second set reuses the first set’s pipelines, another device not', async () => {
    const { device } = await testGpu();
    const [first, second] = [new Kernels(device).all(), new Kernels(device).all()];
    expect(second.filter((kernel, i) => kernel.pipeline !== first[i]!.pipeline)).toEqual([]);
    const other = await acquireGpu();
    expect(new Kernels(other.device).all()[0]!.pipeline).not.toBe(first[0]!.pipeline);
    other.device.destroy();
  });
});
