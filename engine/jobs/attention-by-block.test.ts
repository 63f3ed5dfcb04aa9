import { describe, expect, it } from 'vitest';
import { cpuAttentionTimer } from '../measure/attention-by-block';
import { attentionByBlock, attentionByBlockJob, type AttentionBlockPoint } from './attention-by-block';

// Two sequences of 64 tokens with prose-target's heads: a few hundred microseconds a call on the CPU.
const request = { B: 2, S: 64, N: 6, K: 2, H: 64, blockSizes: [1, 16, 64], seed: 3 };

describe('attention-by-block', () => {
  it('times each block size on the CPU fallback, streaming one point each', async () => {
    const partials: AttentionBlockPoint[] = [];
    const fractions: number[] = [];
    const controller = new AbortController();
    const result = await attentionByBlockJob.run(
      undefined,
      request,
      ({ partial, fraction }) => {
        partials.push(partial!);
        fractions.push(fraction);
      },
      controller.signal,
    );
    expect(result.backend).toBe('cpu');
    expect(result.cancelled).toBe(false);
    expect(result.points.map((p) => p.blockSize)).toEqual([1, 16, 64]);
    for (const point of result.points) expect(point.seconds).toBeGreaterThan(0);
    expect(partials).toEqual(result.points);
    expect(fractions).toEqual([1 / 3, 2 / 3, 1]);
  });

  it('stops between block sizes when cancelled, keeping those measured', async () => {
    const controller = new AbortController();
    const timer = cpuAttentionTimer(request, 0.005);
    const { points, cancelled } = await attentionByBlock(
      timer,
      request.blockSizes,
      () => controller.abort(),
      controller.signal,
    );
    expect(cancelled).toBe(true);
    expect(points.map((p) => p.blockSize)).toEqual([1]);
  });
});
