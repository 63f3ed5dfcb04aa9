import { beforeAll, describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { sweepRates, type RateSweep } from './rate-sweep';
import { latencyChart, rateTicks, throughputChart } from './scale-charts';
import { DEFAULT_REQUEST } from './scale-request';
import { sweepFigures } from './sweep-figures';

let sweep: RateSweep;
beforeAll(async () => {
  sweep = await sweepRates(DEFAULT_REQUEST, new AbortController().signal);
}, 60_000);

describe('the analytic sweep charts', () => {
  it('labels the rates of 1, 2 and 5 times a power of ten', () => {
    expect(rateTicks([2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200])).toEqual([
      2, 5, 10, 20, 50, 100, 200,
    ]);
    expect(rateTicks([0.03, 0.05, 0.07, 0.1, 0.15, 0.2])).toEqual([0.05, 0.1, 0.2]);
  });

  it('draws latency on a log axis, since it spans more than a decade, and rings both knees', () => {
    const spec = latencyChart(sweep, sweepFigures(sweep));
    expect(spec.y?.type).toBe('log');
    const rings = (spec.marks as { data?: { rate: number; policy: string }[] }[])[3]!.data!;
    expect(rings.map((p) => [p.rate, p.policy])).toEqual([
      [15, 'static'],
      [50, 'continuous'],
    ]);
  });

  it('renders the saved SVGs: Llama 2 13B on one H100, 64 slots', async () => {
    const figures = sweepFigures(sweep);
    await expect(renderSvg(throughputChart(sweep, figures))).toMatchFileSnapshot(
      './__snapshots__/throughput-llama-2-13b-h100.svg',
    );
    await expect(renderSvg(latencyChart(sweep, figures))).toMatchFileSnapshot(
      './__snapshots__/latency-llama-2-13b-h100.svg',
    );
  });
});
