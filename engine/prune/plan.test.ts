// From scores to what a pruned model keeps, at every granularity, and the sliced model that follows.
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { syntheticWeights } from '../model/synthetic';
import { parameterCount } from '../model/weights';
import { randomImportance, type Importance } from './importance';
import { GRANULARITIES, keptByImportance, keptCount, keptInWidth, topIndices } from './plan';
import { slicedConfig, sliceModel } from './slice';

const c = TEST_CONFIG; // D 64, F 192, 2 layers, 4 query heads in 2 groups, H 16

describe('keptCount and topIndices', () => {
  it('keeps at least one, and the highest scores in index order, ties to the lower index', () => {
    expect([keptCount(192, 0.5), keptCount(4, 0.9), keptCount(2, 0)]).toEqual([96, 1, 2]);
    expect(() => keptCount(4, 1)).toThrow('in 0…1 (less than all), not 1');
    expect(topIndices([0.1, 0.9, 0.5, 0.9], 2)).toEqual([1, 3]);
    expect(topIndices([0.3, 0.3, 0.3], 2)).toEqual([0, 1]);
  });
});

describe('keptByImportance', () => {
  const scores: Importance = {
    heads: [Float64Array.of(1, 4, 2, 3), Float64Array.of(5, 1, 1, 1)],
    neurons: [0, 1].map(() => Float64Array.from({ length: 192 }, (_, i) => (i * 37) % 192)),
    channels: Float64Array.from({ length: 64 }, (_, i) => 64 - i),
    layers: Float64Array.of(0.2, 0.7),
  };

  it('keeps the best head of each group, or the best group whole', () => {
    expect(keptByImportance(c, scores, 'heads', 0.5).heads).toEqual([
      [1, 3],
      [0, 2],
    ]);
    expect(keptByImportance(c, scores, 'groups', 0.5).heads).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it('keeps the best neurons, channels or layers, leaving the rest of the model whole', () => {
    const neurons = keptByImportance(c, scores, 'neurons', 0.25);
    expect(neurons.neurons[0]).toHaveLength(144);
    expect(neurons.neurons[0]).not.toContain(
      topIndices(
        scores.neurons[0]!.map((s) => -s),
        1,
      )[0],
    );
    expect(keptByImportance(c, scores, 'channels', 0.5).channels).toEqual(
      Array.from({ length: 32 }, (_, i) => i),
    );
    const layers = keptByImportance(c, scores, 'layers', 0.5);
    expect([layers.layers, layers.heads.length, layers.neurons.length]).toEqual([[1], 1, 1]);
  });

  it('cuts every width at once to a named shape, heads by their groups first', () => {
    const widths = { hiddenSize: 32, intermediateSize: 96, numHeads: 1, numKvHeads: 1 };
    const kept = keptInWidth(c, scores, widths);
    // Layer 0's groups total 5 and 5 (the tie to group 0, whose best head is 1); layer 1's total 6 and 2.
    expect(kept.heads).toEqual([[1], [0]]);
    expect(kept.channels).toEqual(Array.from({ length: 32 }, (_, i) => i));
    const pruned = sliceModel(c, syntheticWeights(c, 6), kept).config;
    expect([pruned.hiddenSize, pruned.intermediateSize, pruned.numHeads, pruned.numKvHeads]).toEqual([
      32, 96, 1, 1,
    ]);
    expect(() => keptInWidth(c, scores, { ...widths, numHeads: 3 })).toThrow(
      '3 query heads in 1 key/value groups cannot be cut from 4 in 2',
    );
  });

  it('plans a model that slices at every granularity, each smaller than the original', () => {
    const weights = syntheticWeights(c, 6);
    const random = randomImportance(c, 3);
    for (const granularity of GRANULARITIES) {
      const kept = keptByImportance(c, random, granularity, 0.5);
      const pruned = sliceModel(c, weights, kept);
      expect(parameterCount(pruned.config), granularity).toBeLessThan(parameterCount(c));
      expect(slicedConfig(c, kept), granularity).toEqual(pruned.config);
    }
  });
});
