import { scaleFor } from '../charts/axes';
import { describe, expect, it } from 'vitest';
import { analytic, shapeOf, syntheticSize } from '@engine/index';
import { formatSeconds } from '../charts/format';
import { renderSvg } from '../charts/render-svg';
import {
  describeMeasuredSweep,
  describePrediction,
  knee,
  measuredSweepChart,
  predictedSweep,
  SWEEP_CONTEXT,
  sweepBatches,
  sweepReadout,
  sweepRows,
  sweepShape,
} from './measured-sweep';
import { testRates } from '../testing/device-rates';

const point = (batch: number, ms: number) => ({
  batch,
  stepSeconds: ms / 1e3,
  tokensPerSecond: batch / (ms / 1e3),
});
const points = [point(1, 2), point(2, 2.1), point(4, 2.2), point(8, 3.1), point(16, 6)];

describe('measured batch sweep', () => {
  it('finds the first batch whose step is 1.5 times batch 1’s', () => {
    expect(knee(points)?.batch).toBe(8);
    expect(knee(points.slice(0, 3))).toBeUndefined();
  });

  it('sizes the cache for every sequence of the largest batch', () => {
    expect(sweepBatches(16)).toEqual([1, 2, 4, 8, 16]);
    // 64 + 6 + 2 tokens → 5 blocks of 16 per sequence.
    expect(sweepShape(16)).toEqual({ blockSize: 16, numBlocks: 80, maxTokens: 64, maxLogitRows: 16 });
  });

  it('says where the step stops being flat', () => {
    expect(describeMeasuredSweep(points, 'WebGPU')).toBe(
      // 3.1 ms ÷ 2 ms = 1.55 in decimal, 1.5499… in binary floating point: two digits give 1.5.
      "Measured on WebGPU: batch 1 takes 2 ms per step (500 tokens/s); the best is 2,670 tokens/s at batch 16. From batch 8 a step takes 1.5 times as long as batch 1's: decode is no longer only reading weights.",
    );
  });

  it('uses log axes only for data spanning more than a decade', () => {
    expect(scaleFor([1, 5, 9])).toBe('linear');
    expect(scaleFor([1, 50])).toBe('log');
  });

  const config = syntheticSize('s').config;
  const rates = testRates();
  const predicted = predictedSweep(config, rates, sweepBatches(16));

  it("predicts each step from the analytic model on the device's measured rates", () => {
    const shape = shapeOf(config);
    // Batch 1 reads every f32 weight that multiplies (all but the embedding table) and its cache: memory-bound.
    const weights = (analytic.paramCount(shape) - shape.V * shape.D + shape.D) * 4;
    const kvPerToken = analytic.kvBytesPerToken(shape, 'f32');
    // Six timed steps attend over 66 … 71 tokens; each reads S + 1 tokens of cache (analytic.decodeStep).
    const meanKv = (kvPerToken * [66, 67, 68, 69, 70, 71].reduce((a, S) => a + S + 1, 0)) / 6;
    expect(SWEEP_CONTEXT).toBe(64);
    expect(predicted[0]!.stepSeconds).toBeCloseTo((weights + meanKv) / 100e9, 12);
    expect(predicted.map((p) => p.batch)).toEqual([1, 2, 4, 8, 16]);
    expect(predicted.at(-1)!.tokensPerSecond).toBeCloseTo(16 / predicted.at(-1)!.stepSeconds, 6);
  });

  it('compares the measured batch-1 step with the prediction', () => {
    const model = [{ batch: 1, stepSeconds: 5e-4, tokensPerSecond: 2000 }];
    expect(describePrediction(points, model)).toBe(
      'From your measured bandwidth and peak, the analytic model predicts 500 µs per step at batch 1; the measured step takes 4 times that. ' +
        'The model counts only bytes moved and FLOPs; whatever else a step pays for (launching kernels, waiting for them, reading the logits back) makes up the difference.',
    );
    expect(describePrediction(points, [])).toBe('');
  });

  it('reads out batch 1, the best throughput and the knee, and tabulates each batch beside its prediction', () => {
    expect(sweepReadout(points, predicted.slice(0, 1)).map((item) => [item.label, item.value])).toEqual([
      ['Batch 1 step', '2 ms'],
      ['Batch 1 step, predicted', expect.stringMatching(/^[\d.]+ [mµ]s$/)],
      ['Best throughput', '2,670 tokens/s'],
      ['Step ×1.5 at batch', '8'],
    ]);
    expect(sweepReadout(points.slice(0, 3), []).at(-1)?.value).toBe('beyond 4');
    expect(sweepReadout([], [])).toEqual([]);
    const rows = sweepRows(points.slice(0, 2), predicted.slice(0, 1));
    expect(rows[0]).toEqual([
      '1',
      '2 ms',
      formatSeconds(predicted[0]!.stepSeconds),
      '500',
      expect.any(String),
    ]);
    expect(rows[1]).toEqual(['2', '2.1 ms', '—', '952', '—']);
  });

  it('renders the saved SVGs, measured alone and beside the prediction', async () => {
    await expect(renderSvg(measuredSweepChart(points))).toMatchFileSnapshot(
      './__snapshots__/measured-sweep.svg',
    );
    const both = renderSvg(measuredSweepChart(points, predicted));
    expect(both).toContain('analytic, your device');
    await expect(both).toMatchFileSnapshot('./__snapshots__/measured-sweep-predicted.svg');
  });
});
