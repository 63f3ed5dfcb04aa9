import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import {
  describeMeasuredSweep,
  knee,
  measuredSweepChart,
  scaleFor,
  sweepBatches,
  sweepShape,
} from './measured-sweep';

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

  it('renders the saved SVG', async () => {
    await expect(renderSvg(measuredSweepChart(points))).toMatchFileSnapshot(
      './__snapshots__/measured-sweep.svg',
    );
  });
});
