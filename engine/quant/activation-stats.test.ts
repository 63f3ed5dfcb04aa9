import { describe, expect, it } from 'vitest';
import { embedding } from '../cpu/embedding';
import { CpuBackend } from '../cpu/forward';
import { rmsnorm } from '../cpu/rmsnorm';
import { PagedKvCache } from '../kv/paged-kv-cache';
import type { LlamaConfig } from '../model/config';
import { Random } from '../model/random';
import { syntheticConfig, TEST_CONFIG } from '../model/synthetic-configs';
import { syntheticWeights } from '../model/synthetic';
import { ModelRunner } from '../model-runner';
import { ActivationRecorder, calibrationForward } from './activation-stats';

function tokens(seed: number, length: number): number[] {
  const rng = new Random(seed);
  return Array.from({ length }, () => rng.int(256));
}

/** The CPU backend's logits for every token of one sequence. */
async function backendLogits(c: LlamaConfig, seed: number, prompt: number[]): Promise<Float32Array> {
  const shape = { numBlocks: 16, blockSize: 4 };
  const runner = new ModelRunner(
    new CpuBackend(c, syntheticWeights(c, seed), shape),
    new PagedKvCache(shape),
    c,
  );
  const [logits] = await runner.forward([{ seq: runner.create(), tokens: prompt, logits: 'all' }]);
  return logits!;
}

describe('ActivationRecorder', () => {
  const tiny = { ...TEST_CONFIG, hiddenSize: 2, intermediateSize: 3, numLayers: 1 };

  it('averages |x| over every token recorded and keeps the first rows', () => {
    const recorder = new ActivationRecorder(tiny, 2);
    recorder.record(0, 'attnInput', Float32Array.of(1, -2, 3, 4), 2);
    recorder.record(0, 'attnInput', Float32Array.of(-5, 0), 1);
    recorder.record(0, 'mlpInput', Float32Array.of(1, 1, 1, 1, 1, 1), 3);
    recorder.record(0, 'downInput', Float32Array.of(1, 2, -3, 0, 0, 0, 2, 1, 1), 3);
    const { stats, rows, T } = recorder.calibration();
    expect(Array.from(stats[0]!.attnInput)).toEqual([3, 2]); // (1 + 3 + 5) / 3, (2 + 4 + 0) / 3
    expect(Array.from(stats[0]!.downInput)).toEqual([1, 1, 4 / 3].map(Math.fround));
    expect(Array.from(rows[0]!.attnInput)).toEqual([1, -2, 3, 4]);
    expect(Array.from(rows[0]!.downInput)).toEqual([1, 2, -3, 0, 0, 0]);
    expect(T).toBe(2);
  });

  it('refuses rows that are too short, and a calibration with no tokens', () => {
    const recorder = new ActivationRecorder(tiny);
    expect(() => recorder.record(0, 'mlpInput', Float32Array.of(1, 2, 3), 2)).toThrow(/4 values/);
    expect(() => recorder.calibration()).toThrow(/no calibration tokens/);
    recorder.record(0, 'attnInput', Float32Array.of(1, 2), 1);
    expect(() => recorder.calibration()).toThrow(/different numbers of tokens/);
  });
});

describe('calibrationForward', () => {
  it('gives the CPU backend’s logits', async () => {
    const prompt = tokens(1, 9);
    const logits = calibrationForward(TEST_CONFIG, syntheticWeights(TEST_CONFIG, 3), prompt);
    const reference = await backendLogits(TEST_CONFIG, 3, prompt);
    expect(logits.length).toBe(9 * 256);
    logits.forEach((v, i) => expect(Math.abs(v - reference[i]!)).toBeLessThan(1e-5));
  });

  it('gives them with shared KV caches and a sliding window too', async () => {
    const c = syntheticConfig({
      width: 64,
      layers: 3,
      heads: 4,
      kvHeads: 1,
      kvShareGroup: 2,
      slidingWindow: 4,
    });
    const prompt = tokens(2, 10);
    const logits = calibrationForward(c, syntheticWeights(c, 4), prompt);
    const reference = await backendLogits(c, 4, prompt);
    logits.forEach((v, i) => expect(Math.abs(v - reference[i]!)).toBeLessThan(1e-5));
  });

  it('records the attention norm of the embeddings as layer 0’s first input', () => {
    const weights = syntheticWeights(TEST_CONFIG, 3);
    const prompt = tokens(5, 6);
    const { hiddenSize: D, intermediateSize: F, vocabSize: V } = TEST_CONFIG;
    const recorder = new ActivationRecorder(TEST_CONFIG, 4);
    calibrationForward(TEST_CONFIG, weights, prompt, recorder);
    const { stats, rows, T } = recorder.calibration();
    const normed = new Float32Array(6 * D);
    embedding(normed, weights.embed, Int32Array.from(prompt), 6, D, V);
    rmsnorm(normed, normed, weights.layers[0]!.attnNorm, 6, D, TEST_CONFIG.rmsNormEps);
    expect(T).toBe(4);
    expect(Array.from(rows[0]!.attnInput)).toEqual(Array.from(normed.subarray(0, 4 * D)));
    const mean = (i: number) => [0, 1, 2, 3, 4, 5].reduce((s, t) => s + Math.abs(normed[t * D + i]!), 0) / 6;
    stats[0]!.attnInput.forEach((m, i) => expect(m).toBe(Math.fround(mean(i))));
    expect(stats[1]!.downInput.length).toBe(F);
    expect(rows[1]!.downInput.length).toBe(4 * F);
  });
});
