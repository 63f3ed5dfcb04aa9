// What the memory map asks for, and that every burst the sliders can make is servable both ways in the session's
// pool: the largest settings served by the engine's own scheduler (a step of constant time standing in for the
// model) fit the pool, the model's context and the forward's rows and tokens, on a GPU and on the CPU; and the
// default burst runs fewer requests at once from contiguous reservations than from blocks.
import { describe, expect, it } from 'vitest';
import { kvWaste, requestStream, serve, type ProbeResult } from '@engine/index';
import { targetModel } from '../testing/target-model';
import { TEST_CPU, testAdapter } from '../testing/probes';
import { DEFAULT_SETTINGS, memoryPlan, SLIDERS, type MemorySettings } from './memory-plan';

const GPU = testAdapter(2 ** 28);

/** Every step 1 ms; every sampled request gets token 0. */
const constantSteps: Parameters<typeof serve>[1] = {
  step: async (items) => ({
    seconds: 0.001,
    tokens: new Map(items.filter((i) => i.sample).map((i) => [i.request, 0])),
  }),
  release: () => {},
};

async function servedBothWays(probe: ProbeResult, settings: MemorySettings) {
  const { shape, serve: asked } = memoryPlan(probe, settings).plan;
  const stream = requestStream({ ...asked.stream, source: new Array<number>(5000).fill(1) });
  const { numBlocks, blockSize } = shape;
  const runs = await Promise.all(
    asked.runs.map((run) =>
      serve(stream, constantSteps, { ...asked.scheduler, ...run, numBlocks, blockSize }),
    ),
  );
  return { shape, stream, runs };
}

describe('what the memory map asks for', () => {
  it('serves one burst with continuous batching, contiguous then paged, in a pool of the model’s context', () => {
    expect(memoryPlan(GPU, DEFAULT_SETTINGS)).toEqual({
      plan: {
        shape: { numBlocks: 32, blockSize: 8, maxTokens: 256, maxLogitRows: 8 },
        serve: {
          stream: {
            seed: 1,
            requests: 16,
            rate: Infinity,
            promptTokens: { kind: 'uniform', min: 8, max: 48 },
            outputTokens: { kind: 'geometric', mean: 16, max: 64 },
          },
          scheduler: { slots: 8, tokenBudget: 64, chunkedPrefill: false, staticTimeout: 0 },
          runs: [
            { policy: 'continuous', reservation: 'contiguous' },
            { policy: 'continuous', reservation: 'paged' },
          ],
        },
      },
      note: '',
    });
    expect(memoryPlan(undefined, DEFAULT_SETTINGS).plan.shape.numBlocks).toBe(32);
  });

  it('cuts the burst and the pool on the CPU fallback, saying what it cut', () => {
    const { plan, note } = memoryPlan(TEST_CPU, DEFAULT_SETTINGS);
    expect(plan.shape).toEqual({ numBlocks: 12, blockSize: 4, maxTokens: 64, maxLogitRows: 8 });
    expect(plan.serve.stream).toMatchObject({ requests: 6, promptTokens: { max: 12 } });
    expect(plan.serve.stream.outputTokens).toEqual({ kind: 'geometric', mean: 8, max: 32 });
    expect(note).toBe('On the CPU the stream is cut to 6 requests and outputs of 8 tokens on average.');
    expect(memoryPlan(TEST_CPU, { ...DEFAULT_SETTINGS, requests: 4 }).note).toBe(
      'On the CPU the stream is cut to outputs of 8 tokens on average.',
    );
    expect(memoryPlan(TEST_CPU, { ...DEFAULT_SETTINGS, requests: 4, outputMean: 8 }).note).toBe('');
  });

  it('serves the largest burst the sliders make within the pool, the context and the forward, on both devices', async () => {
    const largest: MemorySettings = {
      requests: SLIDERS.requests.max,
      outputMean: SLIDERS.outputMean.max,
      slots: SLIDERS.slots.max,
      seed: 3,
    };
    for (const probe of [GPU, TEST_CPU]) {
      const { shape, stream, runs } = await servedBothWays(probe, largest);
      const longest = Math.max(...stream.map((r) => r.prompt.length + r.maxNewTokens));
      expect(longest).toBeLessThanOrEqual(targetModel.config.maxPositions);
      expect(longest).toBeLessThanOrEqual(shape.numBlocks * shape.blockSize);
      for (const { steps, requests } of runs) {
        expect(requests).toHaveLength(stream.length);
        for (const step of steps) {
          expect(step.items.length).toBeLessThanOrEqual(shape.maxLogitRows);
          expect(step.items.reduce((s, i) => s + i.tokens, 0)).toBeLessThanOrEqual(shape.maxTokens);
        }
      }
    }
  });

  it('runs a smaller batch from contiguous reservations than from blocks, by default on both devices', async () => {
    for (const probe of [GPU, TEST_CPU]) {
      const [contiguous, paged] = (await servedBothWays(probe, DEFAULT_SETTINGS)).runs.map((r) =>
        kvWaste(r.steps),
      );
      expect(contiguous!.largestBatch).toBeLessThan(paged!.largestBatch);
      expect(contiguous!.internal).toBeGreaterThan(paged!.internal);
    }
  });
});
