import { describe, expect, it } from 'vitest';
import { decodeStep, type ServingSetup } from './decode';
import { hardwareById } from './hardware';
import { kvCrossoverContext, maxContext } from './kv-cache';
import { modelById } from './models';

const setup: ServingSetup = {
  model: modelById('llama-2-7b').shape,
  device: hardwareById('h100-sxm'),
  weightDtype: 'bf16',
  kvDtype: 'bf16',
};

describe('kvCrossoverContext', () => {
  it('is 25,205 tokens for Llama 2 7B at batch 1: 13,214,695,424 weight bytes ÷ 524,288 KV bytes per token = 25,205.03', () => {
    const S = kvCrossoverContext(setup, 1);
    expect(S).toBe(25_205);
    // (S + 1) tokens moved: 25,206 · 524,288 = 13,215,203,328 ≥ 13,214,695,424; one token fewer falls short.
    const at = decodeStep(setup, 1, S);
    const before = decodeStep(setup, 1, S - 1);
    expect(at.kvBytesMoved).toBe(13_215_203_328);
    expect(at.kvBytesMoved).toBeGreaterThanOrEqual(at.weightBytesRead);
    expect(before.kvBytesMoved).toBeLessThan(before.weightBytesRead);
  });

  it('falls with the batch: at B = 8, (6,607,343,616 + 8·4096)·2 ÷ (8·524,288) = 3,150.7, so 3,150', () => {
    expect(kvCrossoverContext(setup, 8)).toBe(3_150);
  });

  it('shrinks the crossover by the group size under grouped-query attention', () => {
    // Mistral 7B: K = 8 of N = 32, so 131,072 KV bytes per token; (7,241,732,096 − 131,072,000 + 4096)·2 ÷ 131,072 = 108,500.1
    expect(kvCrossoverContext({ ...setup, model: modelById('mistral-7b').shape }, 1)).toBe(108_500);
  });
});

describe('maxContext', () => {
  it('holds 126,882 tokens for one Llama 2 7B sequence on an H100: (80e9 − 13,476,831,232) ÷ 524,288', () => {
    expect(maxContext(setup, 1)).toBe(126_882);
    expect(maxContext(setup, 4)).toBe(31_720);
  });

  it('is 0 when the weights alone overflow the device', () => {
    expect(maxContext({ ...setup, model: modelById('llama-2-70b').shape }, 1)).toBe(0);
  });
});
