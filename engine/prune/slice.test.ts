// Slicing a model: keeping everything changes nothing, and removing a part that contributes nothing (its output
// weights zeroed in the original) gives the original's logits from a smaller model of the right shape.
import { describe, expect, it } from 'vitest';
import type { LlamaConfig } from '../model/config';
import { Random } from '../model/random';
import { syntheticConfig, TEST_CONFIG } from '../model/synthetic-configs';
import { syntheticWeights } from '../model/synthetic';
import { parameterCount, type LlamaWeights } from '../model/weights';
import { calibrationForward } from '../quant/activation-stats';
import { f32Values } from '../quant/encoded-matrix';
import { keepAll, sliceModel, type Kept } from './slice';

const c = TEST_CONFIG; // D 64, F 192, 2 layers, 4 query heads in 2 groups, H 16
const weights = syntheticWeights(c, 3);
const rng = new Random(5);
const prompt = Array.from({ length: 10 }, () => rng.int(c.vocabSize));
const logits = (config: LlamaConfig, w: LlamaWeights) => calibrationForward(config, w, prompt);

/** Largest |a − b| over the largest |b|. */
function relativeDiff(a: Float32Array, b: Float32Array): number {
  const scale = b.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0) / scale;
}

/** weights with the columns `cols` of layer l's matrix `key` (of input width I) set to zero. */
function zeroColumns(
  w: LlamaWeights,
  l: number,
  key: 'wo' | 'wDown',
  I: number,
  cols: number[],
): LlamaWeights {
  const m = f32Values(w.layers[l]![key]).map((v, k) => (cols.includes(k % I) ? 0 : v));
  return { ...w, layers: w.layers.map((layer, i) => (i === l ? { ...layer, [key]: m } : layer)) };
}

const headColumns = (heads: number[]) =>
  heads.flatMap((h) => Array.from({ length: c.headDim }, (_, i) => h * c.headDim + i));

describe('sliceModel', () => {
  it('keeps an equal model when it keeps everything', () => {
    const sliced = sliceModel(c, weights, keepAll(c));
    expect(sliced.config).toEqual(c);
    expect(logits(sliced.config, sliced.weights)).toEqual(logits(c, weights));
  });

  it('drops MLP neurons whose down-projection columns are zero without changing the logits', () => {
    const dropped = Array.from({ length: 64 }, (_, i) => 3 * i); // a third of the 192 neurons, in both layers
    const zeroed = zeroColumns(zeroColumns(weights, 0, 'wDown', 192, dropped), 1, 'wDown', 192, dropped);
    const neurons = Array.from({ length: 192 }, (_, i) => i).filter((i) => !dropped.includes(i));
    const sliced = sliceModel(c, zeroed, { ...keepAll(c), neurons: [neurons, neurons] });
    expect(sliced.config.intermediateSize).toBe(128);
    expect(relativeDiff(logits(sliced.config, sliced.weights), logits(c, zeroed))).toBeLessThan(1e-5);
  });

  it('drops a whole key/value group, or one query head in each group, as grouped-query attention allows', () => {
    /** The model without `dropped` heads in both layers against the original with their output columns zero. */
    const withoutHeads = (dropped: number[]) => {
      const zeroed = [0, 1].reduce((w, l) => zeroColumns(w, l, 'wo', 64, headColumns(dropped)), weights);
      const heads = [0, 1, 2, 3].filter((h) => !dropped.includes(h));
      const sliced = sliceModel(c, zeroed, { ...keepAll(c), heads: [heads, heads] });
      expect(relativeDiff(logits(sliced.config, sliced.weights), logits(c, zeroed))).toBeLessThan(1e-5);
      return sliced;
    };
    // Group 1 is heads 2 and 3: without it, one key/value group is left.
    const oneGroup = withoutHeads([2, 3]);
    expect([oneGroup.config.numHeads, oneGroup.config.numKvHeads]).toEqual([2, 1]);
    expect(f32Values(oneGroup.weights.layers[0]!.wk!)).toHaveLength(16 * 64);
    // Heads 1 and 3, one of each group: both groups keep their keys and values, each serving one head.
    const perGroup = withoutHeads([1, 3]);
    expect([perGroup.config.numHeads, perGroup.config.numKvHeads]).toEqual([2, 2]);
  });

  it('drops a layer whose outputs are zero without changing the logits', () => {
    const all = Array.from({ length: 192 }, (_, i) => i);
    const silent = zeroColumns(
      zeroColumns(weights, 0, 'wo', 64, headColumns([0, 1, 2, 3])),
      0,
      'wDown',
      192,
      all,
    );
    const kept = keepAll(c);
    const sliced = sliceModel(c, silent, { ...kept, layers: [1], heads: [kept.heads[1]!], neurons: [all] });
    expect(sliced.config.numLayers).toBe(1);
    expect(relativeDiff(logits(sliced.config, sliced.weights), logits(c, silent))).toBeLessThan(1e-5);
  });

  it('slices the residual stream: every matrix and norm that reads or writes it, and a tied embedding once', () => {
    const tied = {
      ...syntheticConfig({ width: 64, layers: 2, heads: 4, kvHeads: 2 }),
      tieWordEmbeddings: true,
    };
    const w = syntheticWeights(tied, 9);
    const channels = Array.from({ length: 48 }, (_, i) => i + Math.floor(i / 3)); // 48 of 64
    const sliced = sliceModel(tied, w, { ...keepAll(tied), channels });
    expect(sliced.config.hiddenSize).toBe(48);
    expect(sliced.weights.lmHead).toBe(sliced.weights.embed);
    expect(sliced.weights.embed[5 * 48 + 7]).toBe(w.embed[5 * 64 + channels[7]!]);
    expect(f32Values(sliced.weights.layers[1]!.wDown)[10 * tied.intermediateSize + 4]).toBe(
      f32Values(w.layers[1]!.wDown)[channels[10]! * tied.intermediateSize + 4],
    );
    expect(sliced.weights.finalNorm[47]).toBe(w.finalNorm[channels[47]!]);
    const stored = [
      sliced.weights.embed,
      sliced.weights.finalNorm,
      ...sliced.weights.layers.flatMap((l) => Object.values(l)),
    ];
    expect(stored.reduce((n, t) => n + f32Values(t).length, 0)).toBe(parameterCount(sliced.config));
    expect(logits(sliced.config, sliced.weights).every(Number.isFinite)).toBe(true);
  });

  it('refuses heads that fill key/value groups unevenly, and indices out of range or out of order', () => {
    const kept: Kept = keepAll(c);
    expect(() =>
      sliceModel(c, weights, {
        ...kept,
        heads: [
          [0, 1, 2],
          [0, 1, 2],
        ],
      }),
    ).toThrow('layer 0 keeps 2 of group 0, 1 of group 1 of its query heads');
    expect(() => sliceModel(c, weights, { ...kept, channels: [0, 64] })).toThrow(
      'channels 64 is outside 0…63',
    );
    expect(() => sliceModel(c, weights, { ...kept, layers: [1, 0] })).toThrow(
      'must be ascending and distinct',
    );
    expect(() => sliceModel(c, weights, { ...kept, neurons: [[], []] })).toThrow(
      'a pruned model needs at least one of its neurons of layer 0',
    );
  });
});
