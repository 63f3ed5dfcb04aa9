import { describe, expect, it } from 'vitest';
import { batchSweep, decodeStep, maxBatch, type ServingSetup } from './decode';
import { hardwareById } from './hardware';
import { modelById } from './models';

const setup: ServingSetup = {
  model: modelById('llama-2-7b').shape,
  device: hardwareById('h100-sxm'),
  weightDtype: 'bf16',
  kvDtype: 'bf16',
};

describe('decodeStep', () => {
  it('works out Llama 2 7B at batch 1, context 1023, on an H100 by hand', () => {
    const step = decodeStep(setup, 1, 1023);
    // (6,738,415,616 params − 131,072,000 embedding table + 4096 gathered) · 2 bytes
    expect(step.weightBytesRead).toBe(13_214_695_424);
    // (1023 read + 1 written) tokens · 524,288 bytes
    expect(step.kvBytesMoved).toBe(536_870_912);
    // 2·6,607,077,376 matmul weights + 32 layers · 4·32·128·1023
    expect(step.flops).toBe(13_750_501_376);
    expect(step.memorySeconds).toBeCloseTo(13_751_566_336 / 3.35e12, 12);
    expect(step.bound).toBe('memory');
    expect(step.tokensPerSecond).toBeCloseTo(243.61, 1);
    expect(step.fits).toBe(true);
  });

  it('becomes compute-bound once the batch is large and the context short', () => {
    expect(decodeStep(setup, 1024, 1).bound).toBe('compute');
  });
});

describe('maxBatch', () => {
  it('fits 30 sequences of 4096 tokens beside the weights: (80e9 − 13,476,831,232) ÷ 2 GiB = 30.98', () => {
    expect(maxBatch(setup, 4096)).toBe(30);
    expect(decodeStep(setup, 30, 4095).fits).toBe(true);
    expect(decodeStep(setup, 31, 4096).fits).toBe(false);
  });

  it('is 0 when the weights alone overflow the device', () => {
    expect(maxBatch({ ...setup, model: modelById('llama-2-70b').shape }, 1)).toBe(0);
  });
});

describe('batchSweep', () => {
  it('doubles the batch from 1 to the limit', () => {
    expect(batchSweep(setup, 512, 64).map((s) => s.B)).toEqual([1, 2, 4, 8, 16, 32, 64]);
  });
});
