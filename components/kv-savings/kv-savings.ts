/**
 * Cross-layer sharing and a sliding window as engine options, measured against context: the same synthetic shape
 * with full attention, with a window of W tokens (blocks behind it go back to the pool), and with groups of G
 * adjacent layers reading one cache. Per context: the KV blocks and bytes the engine holds, beside the analytic
 * cache size (engine/analytic's kv-layout), and the median decode step, beside its prediction for this device.
 */
import { analytic, type DeviceRates, type LlamaConfig } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds, formatSi } from '../charts/format';
import {
  variantPoint,
  type Variant,
  type VariantPoint,
  type VariantResult,
} from '../variant-sweep/variant-sweep';

/** Contexts a sweep measures at, unless the reader asks for more or fewer. */
export const SWEEP_POINTS = 8;

/** `points` contexts evenly spaced up to `maxContext`, each at least `steps` + 2 past the one before. */
export function sweepContexts(maxContext: number, steps: number, points = SWEEP_POINTS): number[] {
  const gap = Math.max(steps + 2, Math.ceil(maxContext / points));
  const contexts: number[] = [];
  for (let c = maxContext; c >= gap && contexts.length < points; c -= gap) contexts.unshift(c);
  return contexts;
}

export const FULL = 'full attention';

/** The base shape with full attention, with a window of W, and with caches shared by groups of G layers. */
export function savingsVariants(base: LlamaConfig, W: number, G: number): Variant[] {
  return [
    { id: 'full', label: FULL, config: base },
    { id: 'window', label: `window of ${formatInteger(W)}`, config: { ...base, slidingWindow: W } },
    { id: 'shared', label: `${G} layers share a cache`, config: { ...base, kvShareGroup: G } },
  ];
}

/** The analytic cache layout of a variant: K heads per cached layer, its sharing group and its window on every layer. */
export function layoutOf(config: LlamaConfig): analytic.KvLayout {
  const layers = Math.ceil(config.numLayers / (config.kvShareGroup ?? 1));
  return {
    ...analytic.headsLayout({ L: config.numLayers, K: config.numKvHeads, H: config.headDim }),
    shareGroup: config.kvShareGroup ?? 1,
    ...(config.slidingWindow === undefined
      ? {}
      : { window: { W: config.slidingWindow, localLayers: layers } }),
  };
}

export interface SavingsPoint extends VariantPoint {
  variant: string;
}

/** Every measured point of every variant, its cache analytic at the tokens held after the timed steps. */
export function savingsPoints(
  results: readonly VariantResult[],
  rates: DeviceRates | undefined,
  steps: number,
): SavingsPoint[] {
  return results.flatMap(({ variant, points }) =>
    points.map((p) => {
      const held = analytic.layoutSequenceBytes(layoutOf(variant.config), p.context + steps, 'f32');
      return { variant: variant.label, ...variantPoint(variant.config, p, held, rates, steps) };
    }),
  );
}

/** Each variant's first and last measured points. */
function ends(points: readonly SavingsPoint[], variant: string) {
  const own = points.filter((p) => p.variant === variant);
  return own.length ? { first: own[0]!, last: own.at(-1)! } : undefined;
}

/** What the sweep shows, variant by variant, from its first and last contexts. */
export function describeSavings(points: readonly SavingsPoint[], where: string): string {
  const variants = [...new Set(points.map((p) => p.variant))];
  if (!variants.length) return 'Not measured yet.';
  const parts = variants.map((v) => {
    const { first, last } = ends(points, v)!;
    return (
      `${v}: ${formatInteger(first.blocksInUse)} → ${formatInteger(last.blocksInUse)} blocks ` +
      `(${formatSi(first.kvBytes, 'B')} → ${formatSi(last.kvBytes, 'B')}), ` +
      `step ${formatSeconds(first.stepSeconds)} → ${formatSeconds(last.stepSeconds)}`
    );
  });
  const { first, last } = ends(points, variants[0]!)!;
  const detail = parts.join('; ');
  return (
    `Measured on ${where} from ${formatInteger(first.context)} to ${formatInteger(last.context)} tokens of context. ` +
    `${detail.charAt(0).toUpperCase()}${detail.slice(1)}.`
  );
}

/** How much less the last context's cache is under `variant` than under full attention, or undefined. */
export function savingAtEnd(points: readonly SavingsPoint[], variant: string): number | undefined {
  const full = ends(points, FULL)?.last;
  const other = ends(points, variant)?.last;
  if (!full || !other || full.context !== other.context) return undefined;
  return full.kvBytes / other.kvBytes;
}

/** "3.5×" style ratio text. */
export function ratioText(ratio: number | undefined): string {
  return ratio === undefined ? '—' : `${formatNumber(ratio, 2)}×`;
}
