import { describe, expect, it } from 'vitest';
import { decodeStep, type ServingSetup } from '../../analytic/decode';
import { hardwareById } from '../../analytic/hardware';
import { modelById } from '../../analytic/models';
import { CostModelExecutor, stepSeconds } from './cost-model-executor';
import { requestStream } from './request-stream';
import { serve } from './scheduler';
import { serveMetrics } from './serve-metrics';

const setup: ServingSetup = {
  model: modelById('llama-2-13b').shape,
  device: hardwareById('h100-sxm'),
  weightDtype: 'bf16',
  kvDtype: 'bf16',
};

describe('the cost model as an executor', () => {
  it('prices a step of B decodes at one context as the decode model does', () => {
    const items = Array.from({ length: 8 }, () => ({ tokens: 1, cached: 1023 }));
    const step = decodeStep(setup, 8, 1023);
    // Memory-bound, so the bytes decide: the weights once, and 8 sequences' 1,023 cached tokens read and 1 written.
    expect(stepSeconds(setup, items)).toBeCloseTo(step.seconds, 12);
  });

  it('makes a long prefill compute-bound and a decode memory-bound', () => {
    const decode = stepSeconds(setup, [{ tokens: 1, cached: 100 }]);
    const prefill = stepSeconds(setup, [{ tokens: 2048, cached: 0 }]);
    // 2 · 2,048 · 13 B FLOPs at 989 TFLOP/s is about 54 ms; the weights alone take about 8 ms to read.
    expect(prefill).toBeGreaterThan(5 * decode);
  });

  it('serves a thousand requests of Llama 2 13B on an H100 with continuous batching faster than static', async () => {
    const stream = requestStream({
      seed: 1,
      requests: 1000,
      rate: 20,
      promptTokens: { kind: 'uniform', min: 64, max: 512 },
      outputTokens: { kind: 'geometric', mean: 128, max: 512 },
      source: Array.from({ length: 1024 }, (_, i) => i),
    });
    const options = {
      slots: 32,
      numBlocks: 4000,
      blockSize: 16,
      tokenBudget: 2048,
      chunkedPrefill: true,
      staticTimeout: 0.5,
    };
    const run = async (policy: 'static' | 'continuous') =>
      serveMetrics(await serve(stream, new CostModelExecutor(setup), { ...options, policy }), options.slots);
    const [still, moving] = [await run('static'), await run('continuous')];
    expect(moving.throughput).toBeGreaterThan(still.throughput);
    expect(moving.latency.p99).toBeLessThan(still.latency.p99);
  }, 30_000);
});
