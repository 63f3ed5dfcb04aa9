// What a serving run asks for, and that every stream the sliders can make is servable in the session's pool: the
// largest settings served by the engine's own scheduler (a step of constant time standing in for the model) fit the
// pool, the model's context and the forward's rows, under both policies; the default stream never preempts.
import { describe, expect, it } from 'vitest';
import { requestStream, serve, type SchedulerOptions } from '@engine/index';
import { targetModel } from '../testing/target-model';
import { TEST_CPU, testAdapter } from '../testing/probes';
import {
  clampSettings,
  DEFAULT_SETTINGS,
  POLICIES,
  SERVE_SHAPE,
  servePlan,
  SLIDERS,
  type ServeSettings,
} from './serve-request';

/** Every step 1 ms; every sampled request gets token 0. */
const constantSteps: Parameters<typeof serve>[1] = {
  step: async (items) => ({
    seconds: 0.001,
    tokens: new Map(items.filter((i) => i.sample).map((i) => [i.request, 0])),
  }),
  release: () => {},
};

async function serveUnderBoth(settings: ServeSettings) {
  const plan = servePlan(settings);
  const stream = requestStream({ ...plan.stream, source: new Array<number>(5000).fill(1) });
  const { numBlocks, blockSize } = SERVE_SHAPE;
  return Promise.all(
    POLICIES.map((policy) => {
      const options: SchedulerOptions = { ...plan.scheduler, policy, numBlocks, blockSize };
      return serve(stream, constantSteps, options).then((result) => ({ stream, result }));
    }),
  );
}

describe('what a serving run asks for', () => {
  it('makes the stream and the scheduler from the settings, served static then continuous', () => {
    expect(servePlan(DEFAULT_SETTINGS)).toEqual({
      stream: {
        seed: 1,
        requests: 12,
        rate: 50,
        promptTokens: { kind: 'uniform', min: 8, max: 48 },
        outputTokens: { kind: 'geometric', mean: 16, max: 64 },
      },
      scheduler: { slots: 4, tokenBudget: 64, chunkedPrefill: false, staticTimeout: 0.02 },
      runs: [
        { policy: 'static', reservation: 'paged' },
        { policy: 'continuous', reservation: 'paged' },
      ],
    });
  });

  it('cuts the stream on the CPU fallback, saying what it cut, and serves what is asked on a GPU', () => {
    expect(clampSettings(TEST_CPU, DEFAULT_SETTINGS)).toEqual({
      settings: { ...DEFAULT_SETTINGS, requests: 6, outputMean: 8, longestPrompt: 24 },
      note: 'On the CPU the stream is cut to 6 requests, outputs of 8 tokens on average and prompts of at most 24 tokens.',
    });
    const short = { ...DEFAULT_SETTINGS, requests: 4, outputMean: 4, longestPrompt: 64 };
    expect(clampSettings(TEST_CPU, short)).toEqual({
      settings: { ...short, longestPrompt: 24 },
      note: 'On the CPU the stream is cut to prompts of at most 24 tokens.',
    });
    expect(clampSettings(TEST_CPU, { ...short, longestPrompt: 16 }).note).toBe('');
    expect(clampSettings(testAdapter(2 ** 28), DEFAULT_SETTINGS)).toEqual({
      settings: DEFAULT_SETTINGS,
      note: '',
    });
    expect(clampSettings(undefined, DEFAULT_SETTINGS).settings).toBe(DEFAULT_SETTINGS);
  });

  it('serves the largest stream the sliders make within the pool, the context and the forward', async () => {
    const largest: ServeSettings = {
      requests: SLIDERS.requests.max,
      rate: SLIDERS.rate.ticks.at(-1)!,
      outputMean: SLIDERS.outputMean.max,
      longestPrompt: SLIDERS.longestPrompt.max,
      slots: SLIDERS.slots.max,
      seed: 3,
      chunkedPrefill: false,
    };
    for (const chunkedPrefill of [false, true]) {
      for (const { stream, result } of await serveUnderBoth({ ...largest, chunkedPrefill })) {
        const context = Math.max(...stream.map((r) => r.prompt.length + r.maxNewTokens - 1));
        expect(context).toBeLessThanOrEqual(targetModel.config.maxPositions);
        expect(result.requests).toHaveLength(32);
        for (const step of result.steps) {
          expect(step.kv.held).toBeLessThanOrEqual(SERVE_SHAPE.numBlocks * SERVE_SHAPE.blockSize);
          expect(step.items.length).toBeLessThanOrEqual(SERVE_SHAPE.maxLogitRows);
          expect(step.items.reduce((s, i) => s + i.tokens, 0)).toBeLessThanOrEqual(SERVE_SHAPE.maxTokens);
        }
      }
    }
  });

  it('leaves the default stream room in the pool: nothing is preempted', async () => {
    for (const { result } of await serveUnderBoth(DEFAULT_SETTINGS)) {
      expect(result.preempted).toEqual([]);
      expect(Math.max(...result.steps.map((s) => s.kv.held))).toBeLessThan(result.steps[0]!.kv.capacity);
    }
  });
});
