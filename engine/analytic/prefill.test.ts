import { describe, expect, it } from 'vitest';
import { hardwareById } from './hardware';
import { modelById } from './models';
import { prefillStep } from './prefill';

const setup = {
  model: modelById('llama-2-13b').shape,
  device: hardwareById('h100-sxm'),
  weightDtype: 'bf16' as const,
  kvDtype: 'bf16' as const,
};

describe('prefillStep', () => {
  it('works a 1,024-token Llama 2 13B prompt out by hand: compute-bound, 26.7 ms on an H100', () => {
    const step = prefillStep(setup, 1, 1024);
    // Weights that multiply: all 13,015,864,320 but the embedding table and the norms' gains, 5,120 · (32,000 + 81);
    // the 32,000 × 5,120 output head among them runs on the last token alone.
    const matmul = 13_015_864_320 - 5120 * (32_000 + 40 * 2 + 1);
    const head = 32_000 * 5120;
    // Causal pairs 1,024 · 1,024 − 1,024 · 1,023 / 2 = 524,800, at 4 · 40 · 128 FLOPs per pair per layer.
    expect(step.flops).toBe(2 * 1024 * (matmul - head) + 2 * head + 40 * 4 * 40 * 128 * 524_800);
    expect(step.bound).toBe('compute');
    expect(step.seconds).toBeCloseTo(step.flops / 989.4e12, 12);
    expect(step.seconds * 1e3).toBeCloseTo(26.7, 2);
  });

  it('is memory-bound for a one-token prompt, as a decode step is', () => {
    expect(prefillStep(setup, 1, 1).bound).toBe('memory');
  });
});
