// Activation outliers on the shipped target: a few dimensions of the real model's hidden state pass LLM.int8()'s
// threshold layer after layer, a planted outlier leaves its logits alone but breaks absmax int8, and the
// decomposition mends it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCpuModel } from './cpu-model';
import {
  activationOutliers,
  forwardPrompt,
  LLM_INT8_THRESHOLD,
  MAX_PROMPT_TOKENS,
  maxRelativeChange,
  promptIds,
} from './activation-outliers';

const folder = new URL('../../public/models/prose-target/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, folder));
const json = (name: string) => JSON.parse(read(name).toString('utf8'));
const file = read('model.safetensors');
const model = readCpuModel({
  configJson: json('config.json'),
  safetensors: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
  tokenizerJson: json('tokenizer.json'),
});
const prompt =
  'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.';
const thresholds = [0, 2, 4, LLM_INT8_THRESHOLD, 8, 1000];
const unplanted = forwardPrompt(model.config, model.weights, promptIds(model, prompt));
const outliers = (request: Partial<Parameters<typeof activationOutliers>[1]>) =>
  activationOutliers(
    model,
    { prompt, layer: 2, site: 'attention', plant: null, thresholds, ...request },
    { unplanted },
  );

describe('maxRelativeChange', () => {
  it('divides the largest difference by the largest magnitude of the second', () => {
    expect(maxRelativeChange(Float32Array.of(1, -3.5), Float32Array.of(1.5, -4))).toBe(0.125);
  });
});

describe('promptIds', () => {
  it('cuts a long prompt to the tokens the model has positions for, and refuses an empty one', () => {
    expect(promptIds(model, prompt.repeat(20))).toHaveLength(MAX_PROMPT_TOKENS);
    expect(() => promptIds(model, '')).toThrow('The prompt has no tokens.');
  });
});

describe('activationOutliers on the shipped target', () => {
  it('finds a few channels of layer 2’s attention input past 6, and int8 errors in the order of their precision', async () => {
    const r = await outliers({});
    expect([r.tokens, r.truncated, r.maxAbs.length, r.plant]).toEqual([41, false, 384, null]);
    // Recorded from this model: two channels of its attention input at layer 2 reach 6, channel 134 the furthest.
    expect(r.outlierChannels).toEqual([134, 327]);
    expect(r.largest.channel).toBe(134);
    expect(r.largest.maxAbs).toBeCloseTo(6.51, 2);
    expect(r.unplanted).toEqual({
      largest: r.largest,
      outlierChannels: [134, 327],
      errors: {
        perTensor: r.errors.perTensor,
        perToken: r.errors.perToken,
        weightsOnly: r.errors.weightsOnly,
      },
    });
    r.meanAbs.forEach((mean, i) => expect(mean).toBeLessThanOrEqual(r.maxAbs[i]!));
    expect(r.projections.map((p) => [p.name, p.O])).toEqual([
      ['q', 384],
      ['k', 128],
      ['v', 128],
    ]);
    const { perTensor, perToken, weightsOnly, decomposed } = r.errors;
    expect(weightsOnly).toBeLessThan(perToken);
    expect(perToken).toBeLessThan(perTensor);
    expect(perTensor).toBeLessThan(0.01);
    // Threshold 0 takes every column out (the weights-only product, summed in another order); at 6 the two
    // outliers, which helps; past the largest |x| none, which is the per-token product itself.
    expect(r.outliersAt.map((columns) => columns.length)).toEqual([384, 199, 16, 2, 0, 0]);
    expect(decomposed[0]).toBeCloseTo(weightsOnly, 5);
    expect(decomposed[3]).toBeLessThan(perToken);
    expect(decomposed.slice(4)).toEqual([perToken, perToken]);
  }, 60_000);

  it('finds the same few dimensions past 6 in the attention input of layer after layer, as Dettmers et al. describe', async () => {
    const byLayer: number[][] = [];
    for (const layer of [0, 1, 2, 3, 4, 5]) byLayer.push((await outliers({ layer })).outlierChannels);
    // Recorded from this model: none in the first layer's input, then two to four in every later layer, all among
    // the same five channels (113, 134, 326, 327 and 365).
    expect(byLayer).toEqual([[], [134, 365], [134, 327], [326, 365], [134, 326], [113, 134, 326, 327]]);
  }, 60_000); // the 10 M-parameter model read and run on the CPU: seconds on a busy two-core machine

  it('plants an outlier without changing the logits, which absmax int8 suffers from and the decomposition mends', async () => {
    const plain = await outliers({});
    const r = await outliers({ plant: { channel: 220, factor: 20 } });
    expect(r.plant!.logitChange).toBeLessThan(1e-6);
    expect(r.outlierChannels).toEqual([134, 220, 327]);
    expect(r.maxAbs[220]! / plain.maxAbs[220]!).toBeCloseTo(20, 4);
    expect(r.largest.maxAbs).toBe(r.maxAbs[220]);
    expect(r.unplanted.largest).toEqual(plain.largest);
    expect(r.unplanted.errors.perTensor).toBe(plain.errors.perTensor);
    expect(r.maxAbs[219]).toBe(plain.maxAbs[219]);
    expect(r.errors.perTensor).toBeGreaterThan(4 * plain.errors.perTensor);
    expect(r.errors.perToken).toBeGreaterThan(2.5 * plain.errors.perToken);
    const at6 = r.errors.decomposed[thresholds.indexOf(LLM_INT8_THRESHOLD)]!;
    expect(r.outliersAt[thresholds.indexOf(LLM_INT8_THRESHOLD)]).toEqual([134, 220, 327]);
    expect(at6).toBeLessThan(1.5 * plain.errors.perToken);
    // The shrunken weight column rounds coarser, so even the weights-only product errs more.
    expect(r.errors.weightsOnly).toBeGreaterThan(plain.errors.weightsOnly);
  }, 60_000); // the 10 M-parameter model read and run on the CPU: seconds on a busy two-core machine

  it('plants exactly at a power of two, and in the MLP’s input for gate and up', async () => {
    const r = await outliers({ site: 'mlp', layer: 4, plant: { channel: 7, factor: 4 } });
    expect(r.plant!.logitChange).toBe(0);
    expect(r.projections.map((p) => p.name)).toEqual(['gate', 'up']);
    expect(r.outlierChannels).toContain(7);
  }, 60_000); // the 10 M-parameter model read and run on the CPU: seconds on a busy two-core machine

  it('finds channels past 6 at layer 2’s down projection input, and plants there exactly at a power of two', async () => {
    const r = await outliers({ site: 'down' });
    expect(r.maxAbs).toHaveLength(model.config.intermediateSize);
    expect(r.projections.map((p) => p.name)).toEqual(['down']);
    // Recorded from this model: more of its channels reach 6 than of the attention input's (25 against 2), and
    // further (channel 713 at 12.63 against 6.51), as lesson 4 says.
    const attention = await outliers({});
    expect([r.outlierChannels.length, attention.outlierChannels.length]).toEqual([25, 2]);
    expect(r.largest.channel).toBe(713);
    expect(r.largest.maxAbs).toBeCloseTo(12.63, 2);
    expect(r.largest.maxAbs).toBeGreaterThan(attention.largest.maxAbs);
    const planted = await outliers({ site: 'down', plant: { channel: 1000, factor: 8 } });
    expect(planted.plant!.logitChange).toBe(0);
    expect(planted.outliersAt[thresholds.indexOf(LLM_INT8_THRESHOLD)]).toContain(1000);
    await expect(outliers({ site: 'down', plant: { channel: 1024, factor: 8 } })).rejects.toThrow(
      "channel 1024 is outside the model's 1024",
    );
  }, 60_000); // the 10 M-parameter model read and run on the CPU: seconds on a busy two-core machine

  it('refuses a layer the model does not have', async () => {
    await expect(outliers({ layer: 6 })).rejects.toThrow('the model has no layer 6');
  });
});
