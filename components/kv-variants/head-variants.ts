/**
 * Lesson 3's KV-head variants measured side by side: one synthetic model shape with every query head keeping its
 * own keys and values (MHA), query heads grouped onto fewer key/value heads (GQA), and one key/value head for all
 * (MQA). Per variant: the KV bytes the engine holds at a long context, the median decode step there, and the
 * largest batch the engine admits on this device, beside the analytic cache size and the predicted step.
 */
import { analytic, shapeOf, type DeviceRates, type LlamaConfig, type ProbeResult } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds, formatSi } from '../charts/format';
import {
  largestBatch,
  variantPoint,
  type Variant,
  type VariantPoint,
  type VariantResult,
} from '../variant-sweep/variant-sweep';

/** KV-head counts to compare for N query heads: N, then N/2 and N/4 where whole and above 1, then 1. */
export function kvHeadCounts(N: number): number[] {
  const counts = [N, N / 2, N / 4, 1].filter((K) => Number.isInteger(K) && K >= 1);
  return [...new Set(counts)];
}

/** "MHA", "GQA" or "MQA" with the KV-head count. */
export function headVariantLabel(N: number, K: number): string {
  const kind = K === N ? 'MHA' : K === 1 ? 'MQA' : 'GQA';
  return `${kind}, K = ${K}`;
}

/** The base shape at each KV-head count: same layers, width and query heads. */
export function headVariants(base: LlamaConfig): Variant[] {
  return kvHeadCounts(base.numHeads).map((K) => ({
    id: `K${K}`,
    label: headVariantLabel(base.numHeads, K),
    config: { ...base, numKvHeads: K },
  }));
}

export interface HeadVariantRow extends VariantPoint {
  label: string;
  K: number;
  /** Largest batch the engine admits here if every sequence held as many blocks. */
  largestBatch: number;
}

/** One row per measured variant, at its one context: the cache is analytic at the tokens held after the timed steps. */
export function headVariantRows(
  results: readonly VariantResult[],
  probe: ProbeResult,
  rates: DeviceRates | undefined,
  steps: number,
): HeadVariantRow[] {
  return results.flatMap(({ variant, points }) =>
    points.slice(0, 1).map((p) => {
      const perToken = analytic.kvBytesPerToken(shapeOf(variant.config), 'f32');
      return {
        label: variant.label,
        K: variant.config.numKvHeads,
        ...variantPoint(variant.config, p, perToken * (p.context + steps), rates, steps),
        largestBatch: largestBatch(variant.config, p.blocksInUse, probe),
      };
    }),
  );
}

/** What the measurements say, from the first (most heads) and last (fewest) variants measured. */
export function describeHeadVariants(rows: readonly HeadVariantRow[], where: string): string {
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return 'Not measured yet.';
  const head = `Measured on ${where} at ${formatInteger(first.context)} tokens of context: ${first.label} holds ${formatSi(first.kvBytes, 'B')} of keys and values`;
  if (first === last) return `${head}, and a decode step takes ${formatSeconds(first.stepSeconds)}.`;
  return (
    `${head}, ${last.label} ${formatSi(last.kvBytes, 'B')}, ${formatNumber(first.kvBytes / last.kvBytes)} times less. ` +
    `A decode step takes ${formatSeconds(first.stepSeconds)} with ${first.label} and ${formatSeconds(last.stepSeconds)} with ${last.label}` +
    ` (${formatNumber(first.stepSeconds / last.stepSeconds, 2)} times as long), and the largest batch the engine admits here ` +
    `grows from ${formatInteger(first.largestBatch)} to ${formatInteger(last.largestBatch)} sequences.`
  );
}
