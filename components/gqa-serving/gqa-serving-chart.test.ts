import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import { atLargestBatch, describeGqaServing, gqaServing, gqaServingChart } from './gqa-serving-chart';

const llama13 = analytic.modelById('llama-2-13b');
const h100 = analytic.hardwareById('h100-sxm');

describe('Llama 2 13B at 40 and 8 KV heads on an H100', () => {
  const serving = gqaServing(llama13, h100, 4096, [40, 8]);
  const [mha, gqa] = serving.variants;

  it('fits five times the cache per sequence less, and a smaller weight file, so far more sequences', () => {
    // MHA: (80e9 − 26,031,728,640) ÷ (4096 · 819,200) = 16.08
    expect(mha!.weightBytes).toBe(26_031_728_640);
    expect(mha!.maxBatch).toBe(16);
    // GQA: Wk and Wv shrink by 40 · 2 · 5120 · 32 · 128 weights; (80e9 − 22,676,285,440) ÷ (4096 · 163,840) = 85.42
    expect(gqa!.weightBytes).toBe(26_031_728_640 - 40 * 2 * 5120 * 32 * 128 * 2);
    expect(gqa!.maxBatch).toBe(85);
  });

  it('ends each curve at its largest batch, and steps past it no longer fit', () => {
    expect(atLargestBatch(mha!)!.fits).toBe(true);
    expect(mha!.steps.find((s) => s.B === 17)!.fits).toBe(false);
    expect(atLargestBatch(gqa!)!.tokensPerSecond / atLargestBatch(mha!)!.tokensPerSecond).toBeGreaterThan(4);
  });

  it('says where each runs out', () => {
    expect(describeGqaServing(serving)).toMatch(
      /^Llama 2 13B on an NVIDIA H100 SXM at 4,096 tokens per sequence: with K = 40 \(multi-head\) at most 16 sequences fit, .*; with K = 8 at most 85 sequences fit/,
    );
    const small = gqaServing(llama13, analytic.hardwareById('rtx-4090'), 4096, [40, 8]);
    expect(describeGqaServing(small)).toContain('with K = 40 (multi-head) the weights alone do not fit');
  });

  it('renders the saved SVGs', async () => {
    for (const metric of ['throughput', 'latency', 'memory'] as const) {
      await expect(renderSvg(gqaServingChart(serving, metric))).toMatchFileSnapshot(
        `./__snapshots__/gqa-serving-${metric}-h100.svg`,
      );
    }
  });
});
