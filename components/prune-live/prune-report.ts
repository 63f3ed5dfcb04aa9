/**
 * The words and tables around lesson 5's pruning charts, from the measured points: what pruning cut, what it saved
 * in bytes and time, and what it cost in perplexity, on the same held-out tokens.
 */
import { formatCount, formatInteger, formatNumber, formatSi } from '../charts/format';
import { formatRatio, type SweepRow } from './prune-charts';
import { CRITERION_LABELS, variantLabel, type PrunePoint } from './prune-variants';

export const POINT_COLUMNS = [
  'Model',
  'Parameters',
  'Weight bytes read per decode step',
  'Perplexity (measured)',
  'Nats per token (measured)',
  'Decode tokens/s, batch 1 (measured)',
] as const;

export function pointCells(p: PrunePoint): string[] {
  return [
    variantLabel(p.variant),
    formatInteger(p.parameters),
    formatSi(p.weightBytes, 'B'),
    formatNumber(p.perplexity),
    formatNumber(p.meanNll, 4),
    p.decode === undefined
      ? 'not timed'
      : `${formatNumber(p.decode.tokensPerSecond)} over ${p.decode.steps} steps`,
  ];
}

const unprunedOf = (points: readonly PrunePoint[]) => points.find((p) => p.variant.kind === 'unpruned');

/** The readout: the pruned model's size, bytes, perplexity and speed, each beside the unpruned model's. */
export function pruneReadout(points: readonly PrunePoint[]) {
  const base = unprunedOf(points);
  const pruned = points.find((p) => p !== base);
  if (!base || !pruned) return [];
  const pair = (mine: number, theirs: number, format: (v: number) => string) =>
    `${format(mine)} (${formatRatio(mine / theirs)})`;
  return [
    { label: 'Parameters kept', value: pair(pruned.parameters, base.parameters, (v) => formatCount(v, 3)) },
    {
      label: 'Bytes per decode step',
      value: pair(pruned.weightBytes, base.weightBytes, (v) => formatSi(v, 'B')),
      provenance: 'measured' as const,
    },
    {
      label: 'Perplexity',
      value: pair(pruned.perplexity, base.perplexity, (v) => formatNumber(v)),
      provenance: 'measured' as const,
    },
    ...(pruned.decode && base.decode
      ? [
          {
            label: 'Decode tokens/s',
            value: pair(pruned.decode.tokensPerSecond, base.decode.tokensPerSecond, (v) => formatNumber(v)),
            provenance: 'measured' as const,
          },
        ]
      : []),
  ];
}

/** What pruning did, in one sentence per pruned point. */
export function describePruned(points: readonly PrunePoint[], where: string): string {
  const base = unprunedOf(points);
  if (!base) return 'The unpruned model is measured first.';
  const sentences = points
    .filter((p) => p !== base)
    .map((p) => {
      const speed =
        p.decode && base.decode
          ? `, and decodes ${formatRatio(p.decode.tokensPerSecond / base.decode.tokensPerSecond)} as many tokens per second on ${where}`
          : '';
      return (
        `${capitalise(variantLabel(p.variant))}: ${formatCount(p.parameters, 3)} of ${formatCount(base.parameters, 3)} ` +
        `parameters, ${formatSi(p.weightBytes, 'B')} read per decode step (${formatRatio(p.weightBytes / base.weightBytes)})` +
        `${speed}; perplexity on the same ${formatInteger(p.tokens)} held-out tokens went from ` +
        `${formatNumber(base.perplexity)} to ${formatNumber(p.perplexity)} (${formatRatio(p.perplexity / base.perplexity)}).`
      );
    });
  return sentences.join(' ') || `The unpruned model: perplexity ${formatNumber(base.perplexity)}.`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The sweep in words: at the largest fraction measured, each criterion's perplexity, best first. */
export function describeSweep(rows: readonly SweepRow[], granularity: string): string {
  const largest = Math.max(0, ...rows.map((r) => r.fraction));
  const base = rows.find((r) => r.fraction === 0);
  const last = rows
    .filter((r) => r.fraction === largest && largest > 0)
    .sort((a, b) => a.perplexity - b.perplexity);
  if (!base || last.length === 0)
    return 'Perplexity against the share pruned appears here, criterion by criterion.';
  const each = last.map((r) => `${CRITERION_LABELS[r.criterion]} ${formatNumber(r.perplexity)}`);
  return (
    `Perplexity on the same held-out tokens as ${granularity} are pruned, from ${formatNumber(base.perplexity)} ` +
    `unpruned; with ${formatNumber(largest * 100)} % pruned: ${each.join(', ')}.`
  );
}

export const SWEEP_COLUMNS = ['Criterion', 'Share pruned', 'Parameters', 'Perplexity (measured)'] as const;

/** The sweep's table: the unpruned model once, then each criterion's pruned points. */
export function sweepTable(rows: readonly SweepRow[]): string[][] {
  const base = rows.find((r) => r.fraction === 0);
  return [...(base ? [base] : []), ...rows.filter((r) => r.fraction > 0)].map((r) => [
    r.fraction === 0 ? 'none (unpruned)' : CRITERION_LABELS[r.criterion],
    `${formatNumber(r.fraction * 100)} %`,
    formatInteger(r.parameters),
    formatNumber(r.perplexity),
  ]);
}
