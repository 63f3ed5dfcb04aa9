// Measuring the test device on WebGPU: every rate is there and positive, and the attention kernel is timed at each
// block size. (Timings on SwiftShader are not performance.)
import { describe, expect, it } from 'vitest';
import { testGpu } from '../gpu/testing';
import { gpuAttentionTimer } from './attention-by-block';
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

describe('gpuAttentionTimer', () => {
  it('times the attention kernel at each block size, without a validation error', async () => {
    const { device } = await testGpu();
    // Two decode rows over 40 tokens: blocks of 16 leave the last one part-filled.
    const request = { B: 2, S: 40, N: 4, K: 2, H: 8, blockSizes: [1, 16, 64], seed: 5 };
    const timer = await gpuAttentionTimer(device, request, 0.005);
    device.pushErrorScope('validation');
    const seconds = [];
    for (const blockSize of request.blockSizes) seconds.push(await timer.time(blockSize));
    expect(await device.popErrorScope()).toBeNull();
    timer.destroy();
    for (const s of seconds) expect(s).toBeGreaterThan(0);
  }, 120_000);
});
