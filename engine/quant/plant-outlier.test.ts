import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache } from '../kv/paged-kv-cache';
import type { LlamaConfig } from '../model/config';
import { Random } from '../model/random';
import { syntheticConfig, TEST_CONFIG } from '../model/synthetic-configs';
import { syntheticWeights } from '../model/synthetic';
import type { LlamaWeights } from '../model/weights';
import { ModelRunner } from '../model-runner';
import { ActivationRecorder, calibrationForward } from './activation-stats';
import { f32Values } from './encoded-matrix';
import { plantOutlier } from './plant-outlier';

const weights = syntheticWeights(TEST_CONFIG, 21);
const rng = new Random(8);
const prompt = Array.from({ length: 12 }, () => rng.int(256));

/** The CPU backend's logits for every token of the prompt. */
async function logits(w: LlamaWeights, c: LlamaConfig = TEST_CONFIG): Promise<Float32Array> {
  const shape = { numBlocks: 8, blockSize: 4 };
  const runner = new ModelRunner(new CpuBackend(c, w, shape), new PagedKvCache(shape), c);
  const [out] = await runner.forward([{ seq: runner.create(), tokens: prompt, logits: 'all' }]);
  return out!;
}

/** Largest |a − b| over the largest |b|. */
function relativeDiff(a: Float32Array, b: Float32Array): number {
  const scale = b.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0) / scale;
}

/** Mean |x| per channel of each layer's attention and MLP inputs over the prompt. */
function inputStats(w: LlamaWeights) {
  const recorder = new ActivationRecorder(TEST_CONFIG);
  calibrationForward(TEST_CONFIG, w, prompt, recorder);
  return recorder.calibration().stats;
}

describe('plantOutlier', () => {
  it('leaves the logits bit for bit the same for a power-of-two factor', async () => {
    const planted = plantOutlier(weights, { layer: 1, channel: 9, factor: 32, site: 'attention' });
    expect(Array.from(await logits(planted))).toEqual(Array.from(await logits(weights)));
  });

  it('leaves them the same up to f32 rounding for any factor, at either norm', async () => {
    const reference = await logits(weights);
    const attention = plantOutlier(weights, { layer: 0, channel: 3, factor: 50, site: 'attention' });
    const mlp = plantOutlier(weights, { layer: 1, channel: 40, factor: 37.3, site: 'mlp' });
    expect(relativeDiff(await logits(attention), reference)).toBeLessThan(1e-5);
    expect(relativeDiff(await logits(mlp), reference)).toBeLessThan(1e-5);
    // An unbalanced change (the gain alone) does show.
    const gain = attention.layers[0]!.attnNorm;
    const gainOnly = { ...weights, layers: weights.layers.map((l, i) => (i ? l : { ...l, attnNorm: gain })) };
    expect(relativeDiff(await logits(gainOnly), reference)).toBeGreaterThan(1e-2);
  });

  it('leaves them the same at the down projection, growing the up projection’s row and shrinking the down’s column', async () => {
    const F = TEST_CONFIG.intermediateSize;
    const D = TEST_CONFIG.hiddenSize;
    const planted = plantOutlier(weights, { layer: 1, channel: 11, factor: 16, site: 'down' });
    expect(Array.from(await logits(planted))).toEqual(Array.from(await logits(weights)));
    const [w, p] = [weights.layers[1]!, planted.layers[1]!];
    const [up, upNow] = [f32Values(w.wUp), f32Values(p.wUp)];
    upNow.forEach((v, k) => expect(v).toBe(Math.floor(k / D) === 11 ? up[k]! * 16 : up[k]!));
    const [down, downNow] = [f32Values(w.wDown), f32Values(p.wDown)];
    downNow.forEach((v, k) => expect(v).toBe(k % F === 11 ? down[k]! / 16 : down[k]!));
    expect(p.mlpNorm).toBe(w.mlpNorm);
    const before = inputStats(weights)[1]!.downInput;
    expect(inputStats(planted)[1]!.downInput[11]).toBeCloseTo(16 * before[11]!, 3);
    expect(() => plantOutlier(weights, { layer: 1, channel: F, factor: 2, site: 'down' })).toThrow(
      `channel ${F} is outside the model's ${F}`,
    );
  });

  it('makes the channel c times larger at the projections’ input and no other', () => {
    const before = inputStats(weights);
    const after = inputStats(plantOutlier(weights, { layer: 1, channel: 9, factor: 50, site: 'attention' }));
    const ratio = after[1]!.attnInput.map((m, i) => m / before[1]!.attnInput[i]!);
    expect(ratio[9]).toBeCloseTo(50, 4);
    ratio.forEach((r, i) => i !== 9 && expect(r).toBeCloseTo(1, 5));
    // Where it was an ordinary channel, it is now far the largest.
    expect(after[1]!.attnInput[9]).toBeGreaterThan(10 * Math.max(...before[1]!.attnInput));
    expect(after[1]!.mlpInput[9]).toBeCloseTo(before[1]!.mlpInput[9]!, 5);
  });

  it('scales the norm gain and the column of each layer it feeds, and nothing else', () => {
    const planted = plantOutlier(weights, { layer: 0, channel: 5, factor: 4, site: 'mlp' });
    const [w, p] = [weights.layers[0]!, planted.layers[0]!];
    const D = TEST_CONFIG.hiddenSize;
    expect(p.mlpNorm[5]).toBe(4);
    expect(p.mlpNorm.filter((g) => g === 1).length).toBe(D - 1);
    for (const key of ['wGate', 'wUp'] as const) {
      const [old, now] = [f32Values(w[key]), f32Values(p[key])];
      now.forEach((v, k) => expect(v).toBe(k % D === 5 ? old[k]! / 4 : old[k]!));
    }
    expect(p.attnNorm).toBe(w.attnNorm);
    expect(p.wq).toBe(w.wq);
    expect(planted.layers[1]).toBe(weights.layers[1]);
  });

  it('does not change its input', () => {
    const copy = structuredClone(weights);
    plantOutlier(weights, { layer: 1, channel: 0, factor: 8, site: 'attention' });
    plantOutlier(weights, { layer: 1, channel: 0, factor: 8, site: 'mlp' });
    expect(weights).toEqual(copy);
  });

  it('skips the key and value projections a layer sharing a cache does not have', async () => {
    const c = syntheticConfig({ width: 64, layers: 2, heads: 4, kvHeads: 2, kvShareGroup: 2 });
    const shared = syntheticWeights(c, 5);
    const planted = plantOutlier(shared, { layer: 1, channel: 7, factor: 16, site: 'attention' });
    expect('wk' in planted.layers[1]!).toBe(false);
    expect(Array.from(await logits(planted, c))).toEqual(Array.from(await logits(shared, c)));
  });

  it('refuses a layer, channel or factor that does not exist', () => {
    expect(() => plantOutlier(weights, { layer: 2, channel: 0, factor: 2, site: 'mlp' })).toThrow(/layer 2/);
    expect(() => plantOutlier(weights, { layer: 0, channel: 64, factor: 2, site: 'mlp' })).toThrow(/channel/);
    expect(() => plantOutlier(weights, { layer: 0, channel: 0, factor: 0, site: 'mlp' })).toThrow(/factor/);
  });
});
