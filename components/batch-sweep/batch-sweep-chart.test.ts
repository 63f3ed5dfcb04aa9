import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import { batchSweepChart, describeSweep, sweepWithLimit } from './batch-sweep-chart';

const setup: analytic.ServingSetup = {
  model: analytic.modelById('llama-2-7b').shape,
  device: analytic.hardwareById('h100-sxm'),
  weightDtype: 'bf16',
  kvDtype: 'bf16',
};

describe('batch sweep', () => {
  it('adds the largest batch that fits (30 at 4096 tokens) between the powers of two', () => {
    const { steps, maxFit } = sweepWithLimit(setup, 4096, 64);
    expect(maxFit).toBe(30);
    expect(steps.map((s) => s.B)).toEqual([1, 2, 4, 8, 16, 30, 32, 64]);
    expect(steps.filter((s) => s.fits).map((s) => s.B)).toEqual([1, 2, 4, 8, 16, 30]);
  });

  it('gains throughput with batch while latency grows', () => {
    const { steps } = sweepWithLimit(setup, 4096, 64);
    for (let i = 1; i < steps.length; i++) {
      expect(steps[i]!.tokensPerSecond).toBeGreaterThan(steps[i - 1]!.tokensPerSecond);
      expect(steps[i]!.seconds).toBeGreaterThan(steps[i - 1]!.seconds);
    }
  });

  it('draws both ceilings and says how near the largest batch that fits comes', () => {
    const result = sweepWithLimit(setup, 4096, 64);
    expect(result.ceilings.kvTokensPerSecond).toBeCloseTo(1559.6, 1);
    expect(describeSweep(result, 'Llama 2 7B', 'NVIDIA H100 SXM', 4096)).toBe(
      'Llama 2 7B on NVIDIA H100 SXM at context 4,096: batch 1 gives 218 tokens/s at 4.59 ms per step; memory ' +
        'holds at most 30 sequences, which give 1,290 tokens/s at 23.2 ms per step (memory-bound), 83 % of the ' +
        'ceiling. No batch passes 1,560 tokens/s, the ceiling KV reads set (KV reads 1,560, compute 64,400 tokens/s).',
    );
  });

  it('says when the weights alone do not fit', () => {
    const big = { ...setup, model: analytic.modelById('llama-2-70b').shape };
    const result = sweepWithLimit(big, 4096, 8);
    expect(result.maxFit).toBe(0);
    expect(describeSweep(result, 'Llama 2 70B', 'H100', 4096)).toContain('the weights alone do not fit');
  });

  it('says when the weights fit but one sequence’s cache does not: Llama 2 7B at 131,072 tokens needs 68.7 GB more', () => {
    const result = sweepWithLimit(setup, 131_072, 8);
    expect([result.maxFit, result.weightsFit]).toEqual([0, true]);
    expect(describeSweep(result, 'Llama 2 7B', 'H100', 131_072)).toBe(
      "Llama 2 7B on H100 at context 131,072: the weights fit, but not one sequence's KV cache beside them.",
    );
  });

  it('renders the saved SVG', async () => {
    await expect(renderSvg(batchSweepChart(sweepWithLimit(setup, 4096, 64)))).toMatchFileSnapshot(
      './__snapshots__/batch-sweep-llama-2-7b-h100.svg',
    );
  });
});
