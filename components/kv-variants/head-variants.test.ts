import { describe, expect, it } from 'vitest';
import { syntheticSize } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import {
  describeHeadVariants,
  headVariantLabel,
  headVariantRows,
  headVariants,
  kvHeadCounts,
} from './head-variants';
import { headVariantsChart } from './head-variants-chart';
import { predictedStep } from '../variant-sweep/variant-sweep';
import { testRates } from '../testing/device-rates';
import { testAdapter } from '../testing/probes';

// m: D = 512, L = 8, N = 8 heads of H = 64.
const m = syntheticSize('m').config;
const gpu = testAdapter(2 ** 26);
const rates = testRates();

describe('KV-head variants', () => {
  it('compares MHA, GQA at N/2 and N/4, and MQA, where the counts are whole', () => {
    expect(kvHeadCounts(8)).toEqual([8, 4, 2, 1]);
    expect(kvHeadCounts(6)).toEqual([6, 3, 1]);
    expect(kvHeadCounts(2)).toEqual([2, 1]);
    expect(kvHeadCounts(1)).toEqual([1]);
    expect([8, 4, 1].map((K) => headVariantLabel(8, K))).toEqual(['MHA, K = 8', 'GQA, K = 4', 'MQA, K = 1']);
    const variants = headVariants(m);
    expect(variants.map((v) => v.config.numKvHeads)).toEqual([8, 4, 2, 1]);
    expect(variants.every((v) => v.config.numHeads === 8 && v.config.numLayers === 8)).toBe(true);
  });

  // 1024 tokens, then 6 timed steps: 1030 tokens in 65 blocks of 16.
  const perToken = (K: number) => 2 * 8 * K * 64 * 4;
  const results = headVariants(m)
    .filter((v) => v.config.numKvHeads !== 2)
    .map((variant, i) => ({
      variant,
      points: [
        {
          context: 1024,
          stepSeconds: [4e-3, 2.5e-3, 1.5e-3][i]!,
          blocksInUse: 65,
          kvBytes: 65 * 16 * perToken(variant.config.numKvHeads),
        },
      ],
    }));
  const rows = headVariantRows(results, gpu, rates, 6);

  it('puts the measured cache beside the analytic one, and the batch the adapter admits', () => {
    expect(rows.map((r) => [r.label, r.kvBytes, r.analyticKvBytes])).toEqual([
      ['MHA, K = 8', 65 * 16 * 32768, 1030 * 32768],
      ['GQA, K = 4', 65 * 16 * 16384, 1030 * 16384],
      ['MQA, K = 1', 65 * 16 * 4096, 1030 * 4096],
    ]);
    // Each layer's key cache: 65 blocks × 16 tokens × K × 64 × 4 bytes per sequence, within 64 MiB.
    expect(rows.map((r) => r.largestBatch)).toEqual([31, 63, 252]);
    expect(rows.map((r) => r.predictedSeconds)).toEqual(
      results.map((r) => predictedStep(r.variant.config, rates, 1024, 6)),
    );
  });

  it('says how much smaller and faster the fewest heads are', () => {
    expect(describeHeadVariants(rows, 'this GPU')).toBe(
      'Measured on this GPU at 1,024 tokens of context: MHA, K = 8 holds 34.1 MB of keys and values, MQA, K = 1 4.26 MB, 8 times less. ' +
        'A decode step takes 4 ms with MHA, K = 8 and 1.5 ms with MQA, K = 1 (2.7 times as long), and the largest batch the engine admits here grows from 31 to 252 sequences.',
    );
    expect(describeHeadVariants([], 'this GPU')).toBe('Not measured yet.');
  });

  it('renders the saved SVGs of both bar charts', async () => {
    for (const view of ['kv', 'step'] as const) {
      await expect(renderSvg(headVariantsChart(rows, view))).toMatchFileSnapshot(
        `__snapshots__/head-variants-${view}.svg`,
      );
    }
  });
});
