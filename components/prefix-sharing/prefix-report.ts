/**
 * The figures and words around a prefix-sharing run: the readouts (blocks held off and on, in bytes too, blocks
 * shared, prefill tokens saved, the later requests' median time-to-first-token ratio), a sentence comparing the runs
 * from the values themselves, and each request's tokens and times as a table, the charts' text alternative.
 */
import type { PrefixRun, PrefixShareResult, PrefixShareServed } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds, formatSi } from '../charts/format';
import { formatPercent } from '../number-formats/value-text';
import { cacheName, requestName } from './request-names';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ttfts = (run: PrefixRun) => run.served.map((s) => s.ttftSeconds);
const computed = (run: PrefixRun) => run.served.reduce((sum, s) => sum + s.computed, 0);

/** The figures the readouts and the sentence share, from the runs off and on. */
export function prefixFigures({ runs: [off, on] }: PrefixShareResult) {
  const later = (run: PrefixRun) => ttfts(run).slice(1);
  const ratios = later(on!).map((t, i) => t / later(off!)[i]!);
  return {
    off: off!,
    on: on!,
    /** Prefill tokens, all computed with the cache off. */
    prefill: computed(off!),
    saved: computed(off!) - computed(on!),
    /** Median over the requests after the first of each one's TTFT on over off. */
    ratio: median(ratios),
    medianOff: median(later(off!)),
    medianOn: median(later(on!)),
  };
}

const blocks = (n: number) => `${formatInteger(n)} block${n === 1 ? '' : 's'}`;

/** The readouts; `bytesPerBlock` is one block's keys and values over every layer. */
export function readoutItems(result: PrefixShareResult, bytesPerBlock: number) {
  const f = prefixFigures(result);
  const held = (run: PrefixRun) =>
    `${blocks(run.blocksHeld)}, ${formatSi(run.blocksHeld * bytesPerBlock, 'B')}`;
  return [
    { label: `Blocks held, ${cacheName(false).toLowerCase()}`, value: held(f.off) },
    { label: `Blocks held, ${cacheName(true).toLowerCase()}`, value: held(f.on) },
    { label: 'Blocks shared, cache on', value: blocks(f.on.blocksShared) },
    {
      label: 'Prefill tokens saved',
      value: `${formatInteger(f.saved)} of ${formatInteger(f.prefill)} (${formatPercent(f.saved / f.prefill)})`,
    },
    { label: 'Median TTFT, later requests, on ÷ off', value: `${formatNumber(f.ratio, 2)} ×` },
  ].map((item) => ({ ...item, provenance: 'measured' as const }));
}

/** The runs compared, each figure beside the other's; no claim the values do not make. */
export function compareRuns(result: PrefixShareResult): string {
  const f = prefixFigures(result);
  const requests = f.on.served.length;
  const found = f.on.served.slice(1).map((s) => s.cached);
  const [low, high] = [Math.min(...found), Math.max(...found)];
  const each = low === high ? formatInteger(low) : `${formatInteger(low)} to ${formatInteger(high)}`;
  return (
    `With the prefix cache on, the ${formatInteger(requests - 1)} requests after the first each found ${each} ` +
    `prompt tokens in the cache (the system prompt is ${formatInteger(result.systemTokens)}, the cache holds whole ` +
    `blocks of ${formatInteger(result.blockSize)}), so the ${formatInteger(requests)} prefills computed ` +
    `${formatInteger(f.prefill - f.saved)} tokens instead of ${formatInteger(f.prefill)}. Together the requests ` +
    `held ${blocks(f.on.blocksHeld)} instead of ${formatInteger(f.off.blocksHeld)}, ${formatInteger(f.on.blocksShared)} ` +
    `of them shared. The later requests’ median time to first token was ${formatNumber(f.ratio, 2)} times what it ` +
    `was with the cache off, ${formatSeconds(f.medianOn)} against ${formatSeconds(f.medianOff)}.`
  );
}

export const TABLE_COLUMNS = [
  'Request',
  'Prompt tokens',
  'Found in the cache, cache on (tokens)',
  'Computed, cache on (tokens)',
  'Time to first token, cache off',
  'Time to first token, cache on',
];

/** A row per request, from those served so far; a dash where a run has not reached it yet. */
export function tableRows(served: readonly PrefixShareServed[], requests: number): string[][] {
  const find = (on: boolean, index: number) =>
    served.find((s) => s.prefixCaching === on && s.index === index)?.served;
  return Array.from({ length: requests }, (_, index) => {
    const [off, on] = [find(false, index), find(true, index)];
    const any = off ?? on;
    return [
      requestName(index),
      any ? formatInteger(any.cached + any.computed) : '—',
      on ? formatInteger(on.cached) : '—',
      on ? formatInteger(on.computed) : '—',
      off ? formatSeconds(off.ttftSeconds) : '—',
      on ? formatSeconds(on.ttftSeconds) : '—',
    ];
  });
}
