import { describe, expect, it } from 'vitest';
import { bufferNeeds, CPU_MEMORY_BUDGET, syntheticSize, type ProbeResult } from '@engine/index';
import { fitModel } from '../frame/model-fit';
import { clampContext, sweepOffers, sweepShape, variantRequest } from './variant-sweep';
import { largestBatch, limitWords, pointCells, predictedStep } from './variant-sweep';
import { testRates } from '../testing/device-rates';
import { TEST_CPU, testAdapter } from '../testing/probes';

// xs: D = 128, L = 2, N = K = 2 heads of H = 64, V = 256.
const xs = syntheticSize('xs').config;
const gpu = testAdapter(2 ** 20);
const cpu = TEST_CPU;
const rates = testRates(1e9);

describe('a variant sweep', () => {
  it('sizes one sequence’s cache for the last context, its timed steps and the untimed one', () => {
    // 2048 + 6 + 1 tokens → 129 blocks of 16; prefill in chunks of 128.
    expect(sweepShape(2048, 6)).toEqual({ blockSize: 16, numBlocks: 129, maxTokens: 128, maxLogitRows: 1 });
    expect(sweepShape(32, 6).maxTokens).toBe(32);
    const request = variantRequest(xs, 2048, 6);
    expect(request.model).toEqual({ kind: 'synthetic', config: { ...xs, maxPositions: 2055 }, seed: 1 });
  });

  it('finds the largest batch the adapter’s buffer limit admits', () => {
    // Each layer's key cache holds 16 tokens × K = 2 × H = 64 × 4 bytes = 8 KiB per block: 128 blocks in 1 MiB,
    // so 32 sequences of 4 blocks; with one KV head, 256 blocks and 64 sequences.
    expect(largestBatch(xs, 4, gpu)).toBe(32);
    expect(largestBatch({ ...xs, numKvHeads: 1 }, 4, gpu)).toBe(64);
    expect(limitWords(gpu)).toBe(
      "this adapter's largest storage buffer, 1.05 MB, which caps each layer's key cache (a web page cannot see how much memory the GPU has in all)",
    );
  });

  it('finds the largest batch within the CPU fallback’s budget', () => {
    const total = (B: number) =>
      bufferNeeds(xs, { blockSize: 16, numBlocks: 64 * B, maxTokens: B, maxLogitRows: B }).reduce(
        (sum, n) => sum + n.bytes,
        0,
      );
    const B = largestBatch(xs, 64, cpu);
    expect(B).toBeGreaterThan(100);
    expect(total(B)).toBeLessThanOrEqual(CPU_MEMORY_BUDGET);
    expect(total(B + 1)).toBeGreaterThan(CPU_MEMORY_BUDGET);
    expect(limitWords(cpu)).toBe("the CPU fallback's budget of 512 MB for weights, cache and activations");
  });

  it('predicts a step from the counted bytes: the cache adds its bytes per token, a window stops it', () => {
    const perToken = 2 * xs.numLayers * xs.numKvHeads * xs.headDim * 4;
    const grows = predictedStep(xs, rates, 2000, 1) - predictedStep(xs, rates, 1000, 1);
    expect(grows).toBeCloseTo((1000 * perToken) / 1e9, 12);
    const windowed = { ...xs, slidingWindow: 256 };
    expect(predictedStep(windowed, rates, 2000, 1)).toBeCloseTo(predictedStep(windowed, rates, 1000, 1), 12);
    // Averaged over the timed steps: caches of 1000 and 1001 tokens.
    expect(predictedStep(xs, rates, 1000, 2)).toBeCloseTo(
      (predictedStep(xs, rates, 1000, 1) + predictedStep(xs, rates, 1001, 1)) / 2,
      12,
    );
  });

  it('keeps the CPU fallback to the sizes and contexts it runs interactively, saying so', () => {
    expect(clampContext(gpu, 4096)).toEqual({ context: 4096, note: '' });
    expect(clampContext(undefined, 99999).context).toBe(4096);
    expect(clampContext(cpu, 256)).toEqual({ context: 256, note: '' });
    expect(clampContext(cpu, 2048)).toEqual({
      context: 512,
      note: 'On the CPU the context stops at 512 tokens.',
    });
    const fit = fitModel(sweepOffers(512, 6), 'kv-l', cpu, sweepShape(512, 6));
    expect([fit.running.id, fit.note]).toEqual([
      'kv-s',
      'The kv-l model cannot run here (too slow for the CPU fallback); using kv-s.',
    ]);
    expect(fitModel(sweepOffers(256, 6), 'kv-s', cpu, sweepShape(256, 6)).note).toBeUndefined();
  });

  it('offers the KV-heavy sizes this device holds, with their cache per token', () => {
    const options = (probe: ProbeResult | undefined, lastContext: number) =>
      fitModel(sweepOffers(lastContext, 6), 'kv-m', probe, sweepShape(lastContext, 6)).options;
    expect(options(undefined, 4096).map((o) => o.label)).toEqual([
      // kv-s: 4 layers × 8 heads × 32 dims × (key + value) × 4 bytes per token.
      'kv-s · 340,000 parameters, 8.19 kB KV per token',
      'kv-m · 10 million parameters, 65.5 kB KV per token',
      'kv-l · 60 million parameters, 197 kB KV per token',
    ]);
    expect(options(cpu, 512).map((o) => o.value)).toEqual(['kv-s']);
    // A 1 MiB buffer holds a layer's keys for 1024 kv-s tokens (8 heads × 32 dims × 4 bytes each) but only 256
    // of kv-m's (16 × 64 × 4): at 512 tokens only kv-s fits; where none fits, every size is listed.
    expect(options(gpu, 512).map((o) => o.value)).toEqual(['kv-s']);
    expect(options(gpu, 4096)).toHaveLength(3);
  });

  it('tables a point: blocks and cache measured and analytic, step measured and, where measured, predicted', () => {
    const point = {
      context: 64,
      blocksInUse: 5,
      kvBytes: 655360,
      analyticKvBytes: 557056,
      stepSeconds: 0.002,
    };
    expect(pointCells(point)).toEqual(['5', '655 kB', '557 kB', '2 ms', '—']);
    expect(pointCells({ ...point, predictedSeconds: 0.0015 }).at(-1)).toBe('1.5 ms');
  });
});
