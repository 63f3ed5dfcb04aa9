import { describe, expect, it } from 'vitest';
import { analytic, bufferNeeds, shapeOf, type LlamaConfig } from '@engine/index';
import { formatSeconds, formatSi } from '../charts/format';
import { renderSvg } from '../charts/render-svg';
import { kvHeavyOffers, OWN_MODEL_ID, type ModelOffer } from '../frame/model-fit';
import {
  contextTimeReadout,
  contextTimeRows,
  crossover,
  describeContextTime,
  fitSweep,
  longestContext,
  predictedSteps,
  sweepContexts,
  sweepShape,
} from './context-time';
import { contextTimeChart, PREDICTED } from './context-time-chart';
import { testRates } from '../testing/device-rates';

const config = kvHeavyOffers()[0]!.config; // kv-s
const profile = testRates();
const point = (context: number, ms: number) => ({
  context,
  stepSeconds: ms / 1e3,
  blocksInUse: Math.ceil((context + 5) / 16),
  kvBytes: 0,
});
const points = [point(64, 1), point(96, 1.1), point(128, 1.3), point(192, 1.6), point(256, 2)];

describe('decode step time against context', () => {
  it('sweeps two contexts per doubling, ending at the longest, each far enough past the last', () => {
    expect(sweepContexts(2048)).toEqual([64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048]);
    expect(sweepContexts(128)).toEqual([64, 96, 128]);
    // 96 + 5 timed steps leaves the sequence at 101 tokens: a context of 100 cannot follow it.
    expect(sweepContexts(100)).toEqual([64, 100]);
  });

  it('holds one sequence up to the longest context and its timed steps', () => {
    // 2,048 + 5 + 1 tokens → 129 blocks of 16.
    expect(sweepShape(2048)).toEqual({ blockSize: 16, numBlocks: 129, maxTokens: 256, maxLogitRows: 1 });
  });

  it('marks where KV reads overtake weight reads, from the analytic model', () => {
    const shape = shapeOf(config);
    const weights = (analytic.paramCount(shape) - shape.V * shape.D + shape.D) * 4;
    const S = crossover(config);
    // One step at context S reads S tokens of cache and writes one.
    expect((S + 1) * analytic.kvBytesPerToken(shape, 'f32')).toBeGreaterThanOrEqual(weights);
    expect(S * analytic.kvBytesPerToken(shape, 'f32')).toBeLessThan(weights);
  });

  it("predicts the median timed step from the analytic model on the device's measured rates", () => {
    const shape = shapeOf(config);
    const weights = (analytic.paramCount(shape) - shape.V * shape.D + shape.D) * 4;
    const kvPerToken = analytic.kvBytesPerToken(shape, 'f32');
    const [at64] = predictedSteps(config, profile, [64]);
    // The middle of five timed steps after 64 cached tokens attends over 67 and moves 68 tokens of cache.
    expect(at64!.weightSeconds).toBeCloseTo(weights / 100e9, 15);
    expect(at64!.kvSeconds).toBeCloseTo((68 * kvPerToken) / 100e9, 15);
    expect(at64!.stepSeconds).toBeCloseTo((weights + 68 * kvPerToken) / 100e9, 15);
  });

  it('says how the step grew and what the model predicted', () => {
    const predicted = predictedSteps(config, profile, [64, 256]);
    const text = describeContextTime(points, predicted, 170, 'this GPU', 4096);
    expect(text).toMatch(
      /^Measured on this GPU: a decode step takes 1 ms at 64 tokens of context and 2 ms at 256, 2 times as long\. The analytic model, from your measured bandwidth and peak, predicts [\d.]+ µs there, [\d.]+ times its step at 64\. KV reads overtake weight reads at S = 170 tokens \(analytic\)\.$/,
    );
    expect(describeContextTime([], [], 170, 'this GPU', 4096)).toBe(
      'Not measured yet. For this model KV reads overtake weight reads at S = 170 tokens (analytic).',
    );
    expect(describeContextTime([], [], 1746, 'the CPU', 512)).toBe(
      'Not measured yet. For this model KV reads overtake weight reads at S = 1,746 tokens (analytic), past the 512 positions this model holds: its KV never outweighs its weights.',
    );
  });

  it('reads out the analytic crossing and weights, then the measured ends of the sweep', () => {
    const shape = shapeOf(config);
    const weights = (analytic.paramCount(shape) - shape.V * shape.D + shape.D) * 4;
    const analyticItems = contextTimeReadout(config, []);
    expect(analyticItems).toEqual([
      { label: 'KV overtakes weights at', value: `S = ${crossover(config)}`, provenance: 'analytic' },
      { label: 'Weights read per step', value: formatSi(weights, 'B'), provenance: 'analytic' },
    ]);
    expect(contextTimeReadout(config, points).slice(2)).toEqual([
      { label: 'Step at 64 tokens', value: '1 ms', provenance: 'measured' },
      { label: 'Step at 256 tokens', value: '2 ms', provenance: 'measured' },
      { label: 'Longest ÷ shortest', value: '× 2', provenance: 'measured' },
    ]);
  });

  it('tables each context measured beside the analytic step and the blocks held', () => {
    const predicted = predictedSteps(config, profile, [64]);
    const [first, second] = contextTimeRows(points.slice(0, 2), predicted);
    // 64 tokens and 5 timed steps: 69 tokens in 5 blocks of 16.
    expect(first).toEqual([
      '64',
      '1 ms',
      formatSeconds(predicted[0]!.stepSeconds),
      formatSeconds(predicted[0]!.kvSeconds),
      '5',
      '0 B',
    ]);
    expect(second).toEqual(['96', '1.1 ms', '—', '—', '7', '0 B']);
  });

  it('renders the saved SVGs, before measuring and beside the prediction', async () => {
    const contexts = sweepContexts(256);
    await expect(renderSvg(contextTimeChart([], [], 170, contexts))).toMatchFileSnapshot(
      './__snapshots__/context-time-empty.svg',
    );
    const both = renderSvg(
      contextTimeChart(points, predictedSteps(config, profile, contexts), crossover(config), contexts),
    );
    expect(both).toContain(PREDICTED);
    expect(both).toContain('weight reads: S = ');
    await expect(both).toMatchFileSnapshot('./__snapshots__/context-time.svg');
  });
});

describe('fitting the sweep to the device', () => {
  const offers = kvHeavyOffers();
  const large = offers.at(-1)!;
  const total = (config: LlamaConfig, context: number) =>
    bufferNeeds(config, sweepShape(context)).reduce((sum, need) => sum + need.bytes, 0);
  // A model of the reader's with few positions and more bytes than the budget; the budget admits the largest KV-heavy
  // model at that model's short context, not at the slider's 2,048 tokens.
  const yours: ModelOffer = {
    ...large,
    id: OWN_MODEL_ID,
    label: 'yours',
    own: true,
    config: { ...large.config, hiddenSize: 2 * large.config.hiddenSize, maxPositions: 256 },
  };
  const longestFor = (config: LlamaConfig) => Math.min(2048, longestContext(config));
  const budget = total(large.config, longestFor(yours.config));
  const probe = {
    backend: 'webgpu' as const,
    limits: { maxStorageBufferBindingSize: Infinity, maxBufferSize: Infinity, memoryBudget: budget },
  };

  it('checks a model that runs instead at its own longest context', () => {
    expect(total(yours.config, longestFor(yours.config))).toBeGreaterThan(budget);
    expect(total(large.config, 2048)).toBeGreaterThan(budget);
    expect(total(offers.at(-2)!.config, 2048)).toBeLessThanOrEqual(budget);
    const fit = fitSweep([...offers, yours], OWN_MODEL_ID, probe, longestFor);
    expect(fit.running.id).toBe(offers.at(-2)!.id);
    expect(fit.note).toMatch(
      new RegExp(
        `^Your model cannot run here \\(.*\\); using ${large.id}\\. The ${large.id} model cannot run here \\(.*\\); using ${offers.at(-2)!.id}\\.$`,
      ),
    );
  });

  it('runs the model asked for when it fits, with no note', () => {
    const roomy = { ...probe, limits: { ...probe.limits, memoryBudget: total(large.config, 2048) } };
    const fit = fitSweep([...offers, yours], large.id, roomy, longestFor);
    expect([fit.running.id, fit.note]).toEqual([large.id, undefined]);
  });
});
