import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import { describeQuantizedServing, quantizedServing, quantizedServingChart } from './quantized-serving-chart';

const FORMATS = (['bf16', 'int8', 'int4-g128'] as const).map(analytic.weightFormatById);
const h100 = analytic.hardwareById('h100-sxm');
const rtx = analytic.hardwareById('rtx-4090');
const llama70 = analytic.modelById('llama-2-70b');
const llama13 = analytic.modelById('llama-2-13b');

describe('Llama 2 70B on an H100, 8 sequences of 4096 tokens', () => {
  const serving = quantizedServing(llama70, h100, FORMATS, 'bf16', 4096, 8);
  const [bf16, int8, int4] = serving.formats;

  it('fits only at int4: 36.3 GB of weights and 10.7 GB of cache', () => {
    expect(int4!.weights.totalBytes).toBe(36_346_281_984);
    expect(int4!.kvBytes).toBe(8 * 4096 * 327_680);
    expect(int4!.bitsPerWeight).toBe(4.125);
    expect([bf16, int8, int4].map((f) => f!.step.fits)).toEqual([false, false, true]);
    expect([bf16, int8, int4].map((f) => f!.maxBatch)).toEqual([0, 7, 32]);
  });

  it('says which formats fit and how fast the one that does decodes', () => {
    expect(describeQuantizedServing(serving)).toMatch(
      /^Llama 2 70B on an NVIDIA H100 SXM \(80 GB\), 8 sequences of 4,096 tokens: bf16 needs 149 GB and its weights alone do not fit; int8 needs 80.3 GB, too much; at most 7 sequences fit; int4 g128 needs 47.1 GB and decodes \d+ tokens\/s \(at most 32 sequences fit\)\.$/,
    );
  });

  it('renders the saved SVGs, at the page’s width and a phone’s', async () => {
    for (const view of ['memory', 'speed'] as const) {
      await expect(renderSvg(quantizedServingChart(serving, view), 640, 260)).toMatchFileSnapshot(
        `./__snapshots__/quantized-serving-${view}-70b-h100.svg`,
      );
    }
    await expect(renderSvg(quantizedServingChart(serving, 'memory'), 390, 260)).toMatchFileSnapshot(
      './__snapshots__/quantized-serving-memory-70b-h100-phone.svg',
    );
  });
});

describe('Llama 2 13B on an RTX 4090, one sequence of 4096 tokens', () => {
  const serving = quantizedServing(llama13, rtx, FORMATS, 'bf16', 4096, 1);

  it('fits at int8 and int4 but not bf16, and decodes at the bandwidth over the bytes each step moves', () => {
    const [bf16, int8, int4] = serving.formats;
    expect(bf16!.step.fits).toBe(false);
    expect(int8!.step.fits).toBe(true);
    expect(int4!.step.fits).toBe(true);
    // Memory-bound at batch 1: the rate is the bandwidth over the bytes each step moves.
    const bytes = (f: typeof int4) => f!.step.weightBytesRead + f!.step.kvBytesMoved;
    expect(int4!.step.tokensPerSecond).toBeCloseTo(1008e9 / bytes(int4), 9);
    expect(int4!.step.tokensPerSecond / bf16!.step.tokensPerSecond).toBeCloseTo(
      bytes(bf16) / bytes(int4),
      12,
    );
  });

  it('says when the weights fit but not one sequence’s cache beside them', () => {
    const long = quantizedServing(llama13, rtx, FORMATS, 'bf16', 32768, 1);
    // 32,768 tokens · 819,200 bytes = 26.8 GB of cache per sequence
    expect(long.formats[1]!.maxBatch).toBe(0);
    expect(describeQuantizedServing(long)).toContain(
      'int8 needs 40.2 GB and not one sequence fits beside its weights',
    );
  });

  it('renders the speed view with the format that does not fit', async () => {
    await expect(renderSvg(quantizedServingChart(serving, 'speed'), 390, 260)).toMatchFileSnapshot(
      './__snapshots__/quantized-serving-speed-13b-4090-phone.svg',
    );
  });
});
