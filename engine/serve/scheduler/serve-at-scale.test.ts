import { describe, expect, it } from 'vitest';
import { weightBytes, type ServingSetup } from '../../analytic/decode';
import { hardwareById } from '../../analytic/hardware';
import { kvBytesPerToken } from '../../analytic/llama-shape';
import { modelById } from '../../analytic/models';
import { latencyKnee, MEMORY_FRACTION, poolBlocks, serveAtScale, type ScaleSetup } from './serve-at-scale';

const setup: ServingSetup = {
  model: modelById('llama-2-13b').shape,
  device: hardwareById('h100-sxm'),
  weightDtype: 'bf16',
  kvDtype: 'bf16',
};
const scale: ScaleSetup = {
  setup,
  stream: {
    seed: 1,
    requests: 300,
    promptTokens: { kind: 'uniform', min: 64, max: 512 },
    outputTokens: { kind: 'geometric', mean: 128, max: 512 },
  },
  scheduler: { slots: 32, tokenBudget: 2048, chunkedPrefill: true, staticTimeout: 0.5 },
};

describe('serving at scale on the cost model', () => {
  it("sizes the pool from the device's usable memory beside the weights", () => {
    const blocks = poolBlocks(setup);
    const free = 80e9 * MEMORY_FRACTION - weightBytes(setup);
    // Llama 2 13B: 40 layers × 40 heads × 128 × 2 (K and V) × 2 bytes = 819,200 bytes per token.
    expect(kvBytesPerToken(setup.model, 'bf16')).toBe(819_200);
    expect(blocks).toBe(Math.floor(free / (16 * 819_200)));
    expect(poolBlocks({ ...setup, model: modelById('llama-2-70b').shape })).toBe(0);
  });

  it('keeps up with a light load and saturates under a heavy one, continuous ahead of static', async () => {
    const light = await serveAtScale(scale, 1, 'continuous');
    const mean = light.requests.reduce((s, r) => s + r.tokens.length, 0) / light.requests.length;
    // At one request a second the server is idle most of the time: throughput is the demand, rate × mean output.
    expect(light.metrics.throughput).toBeGreaterThan(0.8 * mean);
    expect(light.metrics.throughput).toBeLessThan(1.2 * mean);
    const [still, moving] = [
      await serveAtScale(scale, 50, 'static'),
      await serveAtScale(scale, 50, 'continuous'),
    ];
    expect(moving.metrics.throughput).toBeGreaterThan(1.5 * still.metrics.throughput);
    expect(moving.metrics.latency.p50).toBeLessThan(still.metrics.latency.p50);
    expect(moving.metrics.throughput).toBeLessThan(50 * mean);
  }, 30_000);

  it('finds the knee at the first rate whose median latency doubles the lightest load', () => {
    const points = [
      { rate: 4, p50: 3 },
      { rate: 1, p50: 2 },
      { rate: 8, p50: 5 },
      { rate: 16, p50: 40 },
    ];
    expect(latencyKnee(points)).toBe(8);
    expect(latencyKnee(points, 100)).toBeUndefined();
    expect(latencyKnee([])).toBeUndefined();
  });
});
