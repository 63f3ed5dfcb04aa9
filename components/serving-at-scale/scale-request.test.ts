import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import {
  DEFAULT_REQUEST,
  kvPool,
  longestRequest,
  promptRange,
  refusal,
  scaleSetup,
  servingSetup,
} from './scale-request';

describe("the lecture's running example as a scale setup", () => {
  it('serves Llama 2 13B in bf16 on one H100 with the scheduler settings fixed', () => {
    expect(servingSetup(DEFAULT_REQUEST)).toEqual({
      model: analytic.modelById('llama-2-13b').shape,
      device: analytic.hardwareById('h100-sxm'),
      weightDtype: 'bf16',
      kvDtype: 'bf16',
    });
    const { stream, scheduler } = scaleSetup(DEFAULT_REQUEST);
    expect(stream).toEqual({
      seed: 1,
      requests: 400,
      promptTokens: { kind: 'uniform', min: 64, max: 512 },
      outputTokens: { kind: 'geometric', mean: 128, max: 512 },
    });
    expect(scheduler).toEqual({ slots: 64, tokenBudget: 2048, chunkedPrefill: true, staticTimeout: 0.5 });
  });

  it('holds 54 full-length requests in its pool, fewer than the 64 slots', () => {
    // (0.9 · 80 GB − 26,031,728,640 B of weights) ÷ (16 tokens · 819,200 B) = 3,507.8 blocks.
    expect(kvPool(DEFAULT_REQUEST)).toEqual({ blocks: 3507, tokens: 56_112, longestHeld: 54 });
    // 512 prompt + 4 · 128 output = 1,024 tokens; 56,112 ÷ 1,024 = 54.8.
    expect(longestRequest(DEFAULT_REQUEST)).toBe(1024);
    expect(refusal(DEFAULT_REQUEST)).toBeUndefined();
  });

  it('orders prompt bounds set the wrong way round', () => {
    expect(promptRange({ ...DEFAULT_REQUEST, promptMin: 1024, promptMax: 128 })).toEqual({
      min: 128,
      max: 1024,
    });
  });
});

describe('choices the device cannot serve', () => {
  it('refuses a model whose weights leave no room for a KV cache, naming the memory and the weights', () => {
    // 68,976,648,192 parameters · 2 bytes = 138 GB, against 0.9 · 80 GB = 72 GB.
    expect(refusal({ ...DEFAULT_REQUEST, modelId: 'llama-2-70b' })).toBe(
      "Llama 2 70B's weights in bf16 take 138 GB, more than the 72 GB a server may fill (90 % of the NVIDIA " +
        "H100 SXM's 80 GB): no room is left for a KV cache. Pick a smaller model or a device with more memory.",
    );
    // 26.0 GB against 0.9 · 24 GB = 21.6 GB.
    expect(refusal({ ...DEFAULT_REQUEST, deviceId: 'rtx-4090' })).toMatch(
      /^Llama 2 13B's weights in bf16 take 26 GB, more than the 21.6 GB a server may fill/,
    );
    expect(kvPool({ ...DEFAULT_REQUEST, deviceId: 'rtx-4090' }).blocks).toBe(0);
    expect(refusal({ ...DEFAULT_REQUEST, modelId: 'llama-2-7b', deviceId: 'rtx-4090' })).toBeUndefined();
  });

  it('refuses a stream whose longest request needs more blocks than the pool has', () => {
    // 512 + 4 · 20,000 = 80,512 tokens = 5,032 blocks, against 3,507.
    expect(refusal({ ...DEFAULT_REQUEST, meanOutput: 20_000 })).toBe(
      'The longest request, 80,512 tokens, needs 5,032 KV blocks of 16 tokens, but the memory beside Llama 2 ' +
        "13B's weights on the NVIDIA H100 SXM holds only 3,507. Shorten the prompts or the outputs, or pick a " +
        'device with more memory.',
    );
  });
});
