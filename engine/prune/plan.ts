/**
 * From importance scores to what a pruned model keeps: one granularity pruned by a fraction, the most important
 * parts kept (ties to the lower index), everything else of the model kept whole.
 */
import type { LlamaConfig } from '../model/config';
import type { Importance } from './importance';
import { keepAll, type Kept } from './slice';

/**
 * 'heads': query heads, the same number from every key/value group (the key/value bytes stay); 'groups': whole
 * key/value groups with their query heads; 'neurons': MLP neurons in every layer; 'channels': the residual stream's
 * width; 'layers': whole layers.
 */
export type Granularity = 'heads' | 'groups' | 'neurons' | 'channels' | 'layers';

export const GRANULARITIES: readonly Granularity[] = ['heads', 'groups', 'neurons', 'channels', 'layers'];

/** How many of `total` stay when `fraction` of them is pruned: at least one. */
export function keptCount(total: number, fraction: number): number {
  if (!(fraction >= 0 && fraction < 1))
    throw new Error(`the pruned fraction must be in 0…1 (less than all), not ${fraction}`);
  return Math.max(1, Math.round(total * (1 - fraction)));
}

/** The `count` indices of the highest scores, ascending. */
export function topIndices(scores: ArrayLike<number>, count: number): number[] {
  return Array.from({ length: scores.length }, (_, i) => i)
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, count)
    .sort((a, b) => a - b);
}

/** What pruning `fraction` of the model's parts at `granularity`, least important first, keeps. */
export function keptByImportance(
  c: LlamaConfig,
  importance: Importance,
  granularity: Granularity,
  fraction: number,
): Kept {
  const all = keepAll(c);
  const perGroup = c.numHeads / c.numKvHeads;
  switch (granularity) {
    case 'heads': {
      const keep = keptCount(perGroup, fraction);
      const heads = importance.heads.map((scores) =>
        Array.from({ length: c.numKvHeads }, (_, g) =>
          topIndices(scores.subarray(g * perGroup, (g + 1) * perGroup), keep).map((h) => g * perGroup + h),
        ).flat(),
      );
      return { ...all, heads };
    }
    case 'groups': {
      const keep = keptCount(c.numKvHeads, fraction);
      const heads = importance.heads.map((scores) => {
        const totals = Array.from({ length: c.numKvHeads }, (_, g) =>
          scores.subarray(g * perGroup, (g + 1) * perGroup).reduce((s, v) => s + v, 0),
        );
        return topIndices(totals, keep).flatMap((g) =>
          Array.from({ length: perGroup }, (_, h) => g * perGroup + h),
        );
      });
      return { ...all, heads };
    }
    case 'neurons':
      return {
        ...all,
        neurons: importance.neurons.map((scores) =>
          topIndices(scores, keptCount(c.intermediateSize, fraction)),
        ),
      };
    case 'channels':
      return { ...all, channels: topIndices(importance.channels, keptCount(c.hiddenSize, fraction)) };
    case 'layers': {
      const layers = topIndices(importance.layers, keptCount(c.numLayers, fraction));
      return {
        ...all,
        layers,
        heads: layers.map((l) => all.heads[l]!),
        neurons: layers.map((l) => all.neurons[l]!),
      };
    }
  }
}

/** The widths a width-pruned model is cut to; its head size and layers stay the original's. */
export type Widths = Pick<LlamaConfig, 'hiddenSize' | 'intermediateSize' | 'numHeads' | 'numKvHeads'>;

/**
 * Width pruning to a given shape, as training/slicing.py cuts prose-pruned: the best channels and each layer's best
 * neurons; in each layer the key/value groups whose query heads score most in total, and in each of those its
 * best query heads.
 */
export function keptInWidth(c: LlamaConfig, importance: Importance, widths: Widths): Kept {
  const all = keepAll(c);
  const perGroup = c.numHeads / c.numKvHeads;
  const headsPerGroup = widths.numHeads / widths.numKvHeads;
  if (!Number.isInteger(headsPerGroup) || headsPerGroup > perGroup || widths.numKvHeads > c.numKvHeads)
    throw new Error(
      `${widths.numHeads} query heads in ${widths.numKvHeads} key/value groups cannot be cut from ${c.numHeads} in ${c.numKvHeads}`,
    );
  const heads = importance.heads.map((scores) => {
    const groupOf = (g: number) => scores.subarray(g * perGroup, (g + 1) * perGroup);
    const totals = Array.from({ length: c.numKvHeads }, (_, g) => groupOf(g).reduce((s, v) => s + v, 0));
    return topIndices(totals, widths.numKvHeads)
      .flatMap((g) => topIndices(groupOf(g), headsPerGroup).map((h) => g * perGroup + h))
      .sort((a, b) => a - b);
  });
  return {
    ...all,
    channels: topIndices(importance.channels, widths.hiddenSize),
    heads,
    neurons: importance.neurons.map((scores) => topIndices(scores, widths.intermediateSize)),
  };
}
