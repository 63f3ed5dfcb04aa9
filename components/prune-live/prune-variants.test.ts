// What each variant loads: nothing changed, a slice planned from the scores (whose config the engine's slicing gives),
// or sparsity in the same shapes; and the variants' names.
import { describe, expect, it } from 'vitest';
import type { PruneImportanceResult } from '@engine/index';
import { targetModel } from '../testing/target-model';
import { prunedModel, variantLabel, type PruneVariant } from './prune-variants';

const c = targetModel.config; // D 384, F 1024, 6 layers, 6 query heads in 2 groups
const scores = (criterion: PruneImportanceResult['criterion']): PruneImportanceResult => ({
  criterion,
  heads: Array.from({ length: c.numLayers }, () => [6, 5, 4, 3, 2, 1]),
  neurons: Array.from({ length: c.numLayers }, () => Array.from({ length: c.intermediateSize }, (_, i) => i)),
  channels: Array.from({ length: c.hiddenSize }, (_, i) => -i),
  layers: [5, 1, 2, 3, 4, 0],
  calibrationTokens: 0,
});

describe('prunedModel', () => {
  it('loads the model as it is, or sparse in the same shapes', () => {
    expect(prunedModel(c, { kind: 'unpruned' })).toEqual({ config: c });
    const sparse: PruneVariant = { kind: 'sparse', pattern: { kind: '2:4' } };
    expect(prunedModel(c, sparse)).toEqual({ config: c, prune: { sparsity: { kind: '2:4' } } });
  });

  it('slices the most important parts, and says what the smaller config is', () => {
    const layers = prunedModel(
      c,
      { kind: 'sliced', criterion: 'magnitude', granularity: 'layers', fraction: 0.5 },
      scores('magnitude'),
    );
    expect(layers.config.numLayers).toBe(3);
    expect(layers.prune && 'kept' in layers.prune && layers.prune.kept.layers).toEqual([0, 3, 4]);
    const groups = prunedModel(
      c,
      { kind: 'sliced', criterion: 'random', granularity: 'groups', fraction: 0.5 },
      scores('random'),
    );
    expect([groups.config.numHeads, groups.config.numKvHeads]).toEqual([3, 1]);
  });

  it('refuses scores of another criterion', () => {
    const variant: PruneVariant = {
      kind: 'sliced',
      criterion: 'activation',
      granularity: 'neurons',
      fraction: 0.5,
    };
    expect(() => prunedModel(c, variant, scores('magnitude'))).toThrow(
      "pruning by activation needs that criterion's importance scores",
    );
  });
});

describe('variantLabel', () => {
  it('names the share, the parts and the criterion, or the sparsity pattern', () => {
    expect(
      variantLabel({ kind: 'sliced', criterion: 'activation', granularity: 'neurons', fraction: 0.25 }),
    ).toBe('25 % of MLP neurons cut by activations');
    expect(variantLabel({ kind: 'sparse', pattern: { kind: 'unstructured', fraction: 0.5 } })).toBe(
      '50 % of weights zeroed (unstructured)',
    );
    expect(variantLabel({ kind: 'unpruned' })).toBe('unpruned');
  });
});
