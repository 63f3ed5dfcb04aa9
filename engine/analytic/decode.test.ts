import { describe, expect, it } from 'vitest';
import {
  batchSweep,
  decodeCeilings,
  decodeStep,
  lectureDecodeStep,
  maxBatch,
  type ServingSetup,
} from './decode';
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

describe('decodeCeilings', () => {
  it('bounds Llama 2 7B at 4,096 tokens by its KV reads: 3.35 TB/s ÷ (4,097 · 524,288 + 4,096 · 2) bytes', () => {
    const { kvTokensPerSecond, computeTokensPerSecond } = decodeCeilings(setup, 4096);
    expect(kvTokensPerSecond).toBeCloseTo(3.35e12 / (4097 * 524_288 + 4096 * 2), 6);
    expect(kvTokensPerSecond).toBeCloseTo(1559.6, 1);
    // 989.4 TFLOP/s ÷ (2 · 6,607,077,376 + 32 · 4 · 32 · 128 · 4,096) FLOPs
    expect(computeTokensPerSecond).toBeCloseTo(989.4e12 / (2 * 6_607_077_376 + 32 * 4 * 32 * 128 * 4096), 6);
    // The largest batch that fits (30) already reaches most of the KV ceiling, and no batch passes it.
    expect(decodeStep(setup, 30, 4096).tokensPerSecond / kvTokensPerSecond).toBeCloseTo(0.83, 2);
    expect(decodeStep(setup, 1 << 20, 4096).tokensPerSecond).toBeLessThan(kvTokensPerSecond);
    expect(decodeStep(setup, 1 << 20, 4096).tokensPerSecond / kvTokensPerSecond).toBeGreaterThan(0.999);
  });

  it('lets compute bind first at a short context', () => {
    const { kvTokensPerSecond, computeTokensPerSecond } = decodeCeilings(setup, 16);
    expect(computeTokensPerSecond).toBeLessThan(kvTokensPerSecond);
    expect(decodeStep(setup, 1 << 16, 16).tokensPerSecond).toBeCloseTo(computeTokensPerSecond, 6);
  });
});

describe('lectureDecodeStep', () => {
  it('reads every parameter and the whole cache: Llama 2 13B at B = 64, S = 1,024 on an H100', () => {
    const thirteen = { ...setup, model: modelById('llama-2-13b').shape };
    const step = lectureDecodeStep(thirteen, 64, 1024);
    // 13,015,864,320 params · 2 bytes + 64 · 1,024 tokens · 819,200 bytes
    expect(step.bytes).toBe(13_015_864_320 * 2 + 64 * 1024 * 819_200);
    expect(step.seconds).toBeCloseTo(step.bytes / 3.35e12, 15);
    expect(step.tokensPerSecond).toBeCloseTo(64 / step.seconds, 9);
  });
});
