// The default sweep, computed once: Llama 2 13B on one H100, 64 slots, 400 requests at each of 13 rates under both
// policies. Its figures, readout and words are what the widget shows before the reader moves anything.
import { beforeAll, describe, expect, it } from 'vitest';
import { serveAtScale } from '@engine/index';
import { sweepRates, type RateSweep, type SweepProgress } from './rate-sweep';
import { scaleReadout } from './scale-report';
import { DEFAULT_REQUEST, kvPool, scaleSetup } from './scale-request';
import { describeScale, describeThroughput } from './scale-words';
import { sweepFigures } from './sweep-figures';

let sweep: RateSweep;
const progress: SweepProgress[] = [];
beforeAll(async () => {
  sweep = await sweepRates(DEFAULT_REQUEST, new AbortController().signal, (p) => progress.push(p));
}, 60_000);

describe('the default sweep over arrival rates', () => {
  it('serves every rate of the grid under static, then continuous batching, saying which as it goes', () => {
    expect(sweep.rates).toEqual([2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200]);
    expect(sweep.points.map((p) => [p.rate, p.policy])).toEqual(
      sweep.rates.flatMap((rate) => [
        [rate, 'static'],
        [rate, 'continuous'],
      ]),
    );
    expect(progress).toHaveLength(26);
    expect(progress[0]).toEqual({ rate: 2, index: 0, total: 13, policy: 'static' });
    expect(progress[9]).toEqual({ rate: 10, index: 4, total: 13, policy: 'continuous' });
  });

  it("takes each point from the engine's serveAtScale", async () => {
    const run = await serveAtScale(scaleSetup(DEFAULT_REQUEST), 20, 'continuous');
    const point = sweep.points.find((p) => p.rate === 20 && p.policy === 'continuous')!;
    expect(point.throughput).toBe(run.metrics.throughput);
    expect(point.p99).toBe(run.metrics.latency.p99);
    expect(point.ttft).toBe(run.metrics.ttft.p50);
    const mean = run.requests.reduce((s, r) => s + r.tokens.length, 0) / run.requests.length;
    expect(point.demand).toBe(20 * mean);
  });

  it('keeps up with a light load under both policies, and saturates continuous batching at over twice static', () => {
    const [still, moving] = sweep.points.slice(0, 2);
    for (const light of [still!, moving!]) {
      expect(light.throughput / light.demand).toBeGreaterThan(0.9);
      expect(light.throughput / light.demand).toBeLessThan(1.15);
    }
    const figures = sweepFigures(sweep);
    expect(figures.static.heaviest.throughput).toBeCloseTo(1510, -1);
    expect(figures.continuous.heaviest.throughput).toBeCloseTo(3530, -1);
    expect(figures.ratio).toBeCloseTo(2.34, 2);
    // Static batching's light-load latency waits for the batch's longest request: 2.17 s against 0.73 s.
    expect(still!.p50).toBeCloseTo(2.17, 2);
    expect(moving!.p50).toBeCloseTo(0.732, 3);
    expect(figures.static.knee).toBe(15);
    expect(figures.continuous.knee).toBe(50);
    expect(figures.static.keepsUpTo).toBe(10);
    expect(figures.continuous.keepsUpTo).toBe(20);
  });

  it('reads out the saturated throughputs, their ratio, both knees and the pool', () => {
    expect(scaleReadout(sweep, sweepFigures(sweep), kvPool(DEFAULT_REQUEST))).toEqual([
      { label: 'Heaviest load swept', value: '200 requests/s' },
      { label: 'Static batching there', value: '1,510 tokens/s' },
      { label: 'Continuous batching there', value: '3,530 tokens/s' },
      { label: 'Continuous ÷ static', value: '×2.34' },
      { label: 'Static knee', value: '15 requests/s' },
      { label: 'Continuous knee', value: '50 requests/s' },
      { label: 'KV pool', value: '3,507 blocks, 56,112 tokens' },
      { label: 'Full-length requests it holds', value: '54, for 64 slots' },
    ]);
  });

  it('says so in words', () => {
    const figures = sweepFigures(sweep);
    expect(describeScale(sweep, figures)).toBe(
      'Llama 2 13B on one NVIDIA H100 SXM with 64 slots, on the cost model: at 200 requests/s continuous ' +
        "batching serves 3,530 tokens/s, ×2.34 static batching's 1,510 tokens/s; median latency doubles its " +
        'light-load value at 15 requests/s under static batching and at 50 requests/s under continuous batching.',
    );
    expect(describeThroughput(sweep, figures)).toBe(
      'Throughput against arrival rate (log scale) from 2 requests/s to 200 requests/s, analytic: static ' +
        'batching serves at least 90 % of the demand up to 10 requests/s and ends at 1,510 tokens/s; continuous ' +
        'batching serves at least 90 % of the demand up to 20 requests/s and ends at 3,530 tokens/s.',
    );
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    const seen: SweepProgress[] = [];
    const sweeping = sweepRates(DEFAULT_REQUEST, controller.signal, (p) => {
      seen.push(p);
      if (seen.length === 3) controller.abort();
    });
    await expect(sweeping).rejects.toThrow(/abort/i);
    expect(seen).toHaveLength(3);
  });
});
