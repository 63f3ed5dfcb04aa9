// Measuring the test device's rates on WebGPU: every figure is there and positive. (Its timings on SwiftShader are not
// performance.)
import { describe, expect, it } from 'vitest';
import { testGpu } from '../gpu/testing';
import { measureGpuRates } from './microbench';

describe('measureGpuRates', () => {
  it('measures the device', async () => {
    const ctx = await testGpu();
    const rates = await measureGpuRates(ctx.device, ctx.limits.maxStorageBufferBindingSize);
    expect(rates.backend).toBe('webgpu');
    for (const value of [rates.copyBandwidth, rates.peakFlops, rates.submitSeconds])
      expect(value).toBeGreaterThan(0);
    expect(rates.dispatchSeconds).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
