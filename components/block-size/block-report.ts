/**
 * The block-size widget's words and figures: the readout for the chosen block size (its measured attention call,
 * and the stream's empty slots, their KV bytes and its page tables, counted), what each chart shows in a sentence,
 * and the data table.
 */
import type { AttentionBlockPoint, analytic } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds, formatSi } from '../charts/format';
import type { Provenance } from '../facts/fact';

type ReadoutItem = { label: string; value: string; provenance: Provenance };

const percent = (share: number) => `${formatNumber(100 * share, 2)} %`;

/**
 * The figures for the chosen block size: the measured call ('—' until measured), then the stream's empty slots,
 * the KV memory they hold at `kvBytesPerToken`, and its page tables.
 */
export function blockReadout(
  measured: AttentionBlockPoint | undefined,
  cost: analytic.BlockWaste,
  kvBytesPerToken: number,
): ReadoutItem[] {
  return [
    {
      label: `Attention call, blocks of ${formatInteger(cost.blockSize)}`,
      value: measured ? formatSeconds(measured.seconds) : '—',
      provenance: 'measured',
    },
    {
      label: 'KV slots left empty',
      value: `${formatInteger(cost.wastedSlots)} tokens (${percent(cost.wastedShare)})`,
      provenance: 'analytic',
    },
    {
      label: 'KV memory they hold',
      value: formatSi(cost.wastedSlots * kvBytesPerToken, 'B'),
      provenance: 'analytic',
    },
    {
      label: 'Page-table entries',
      value: `${formatInteger(cost.tableEntries)} (${formatSi(cost.tableBytes, 'B')})`,
      provenance: 'analytic',
    },
  ];
}

/** The measured chart in words: the call at the smallest and largest block measured, and the fastest. */
export function describeTimes(points: readonly AttentionBlockPoint[], batch: string, where: string): string {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last)
    return `Not measured yet: the button times attention over ${batch} on ${where}, at every block size.`;
  const fastest = points.reduce((best, p) => (p.seconds < best.seconds ? p : best));
  return (
    `Measured on ${where}, attention over ${batch}: ${formatSeconds(first.seconds)} a call with blocks of ` +
    `${formatInteger(first.blockSize)} token${first.blockSize === 1 ? '' : 's'}, ${formatSeconds(last.seconds)} ` +
    `with blocks of ${formatInteger(last.blockSize)}; fastest at ${formatInteger(fastest.blockSize)} ` +
    `(${formatSeconds(fastest.seconds)}).`
  );
}

/** The analytic chart in words: the ends of the trade-off and the chosen block size. */
export function describeCosts(
  costs: readonly analytic.BlockWaste[],
  chosen: number,
  sequences: number,
): string {
  const smallest = costs[0];
  const largest = costs.at(-1);
  const picked = costs.find((c) => c.blockSize === chosen);
  if (!smallest || !largest || !picked) return '';
  return (
    `Over ${formatInteger(sequences)} sequences of ${formatInteger(smallest.tokens)} tokens in all, counted: ` +
    `blocks of ${formatInteger(smallest.blockSize)} leave ${formatInteger(smallest.wastedSlots)} slots empty and ` +
    `need ${formatInteger(smallest.tableEntries)} page-table entries; blocks of ${formatInteger(largest.blockSize)} ` +
    `leave ${formatInteger(largest.wastedSlots)} empty (${percent(largest.wastedShare)} of those held) with ` +
    `${formatInteger(largest.tableEntries)} entries. At ${formatInteger(chosen)}: ` +
    `${formatInteger(picked.wastedSlots)} empty (${percent(picked.wastedShare)}), ` +
    `${formatInteger(picked.tableEntries)} entries.`
  );
}

/** The data table's columns. */
export const BLOCK_COLUMNS = [
  'Block size (tokens)',
  'Attention call, measured',
  'KV slots left empty (tokens), analytic',
  'Empty, share of slots held, analytic',
  'Page-table entries, analytic',
  'Page tables (bytes), analytic',
];

/** One row per block size: the measured call ('—' until measured) beside the stream's counted costs. */
export function blockRows(
  costs: readonly analytic.BlockWaste[],
  points: readonly AttentionBlockPoint[],
): string[][] {
  return costs.map((c) => {
    const measured = points.find((p) => p.blockSize === c.blockSize);
    return [
      formatInteger(c.blockSize),
      measured ? formatSeconds(measured.seconds) : '—',
      formatInteger(c.wastedSlots),
      percent(c.wastedShare),
      formatInteger(c.tableEntries),
      formatSi(c.tableBytes, 'B'),
    ];
  });
}
