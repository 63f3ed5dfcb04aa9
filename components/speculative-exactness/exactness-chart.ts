/**
 * The exactness chart: for each of the target's most likely next tokens, and for all the others together, the share
 * of each sampler's samples that came out as it (a bar per sampler), the target's probability p that both shares
 * should approach (a tick on each bar's row) and the draft's q for contrast (a diamond), on a square-root axis,
 * with its summary and data table. Pure: token bins (token-bins.ts), the samples so far and the tokens' texts in;
 * a Plot spec, a sentence and rows out.
 */
import * as Plot from '@observablehq/plot';
import { formatInteger, formatNumber } from '../charts/format';
import { sqrtSharesX } from '../charts/axes';
import { MARGINS } from '../charts/margins';
import { SERIES } from '../charts/palette';
import { tokenLabel } from '../next-token/token-label';
import { formatPercent } from '../number-formats/value-text';
import { seriesNames, type SamplerSetup } from './sampler-names';
import { OTHER_TOKENS, type TokenBin } from './token-bins';

/** The chart's height for `bins` bins: two bars a bin, and room for the axis and the legend. */
export const chartHeight = (bins: number) => 100 + bins * 30;

/** Where the axis marks shares, in %: closer together at the low end, where the square root spreads them. */

/** The share of `samples` that `count` is; 0 before any sample. */
const share = (count: number, samples: number) => (samples > 0 ? count / samples : 0);

/** A bin's name: its token's text made visible, or "all others". */
export const binLabel = (id: number, texts: Readonly<Record<number, string>>) =>
  id === OTHER_TOKENS ? 'all others' : tokenLabel(texts[id] ?? '');

/** One band per bin, the target's most likely token at the top, a bar per sampler with p ticked on it, q a diamond. */
export function exactnessChart(
  bins: readonly TokenBin[],
  samples: number,
  texts: Readonly<Record<number, string>>,
  setup: SamplerSetup,
): Plot.PlotOptions {
  const names = seriesNames(setup);
  const bars = bins.flatMap((bin) => [
    { id: bin.id, p: bin.p, series: names.speculative, share: share(bin.speculative, samples) },
    { id: bin.id, p: bin.p, series: names.target, share: share(bin.target, samples) },
  ]);
  const largest = Math.max(...bars.map((bar) => Math.max(bar.share, bar.p)), ...bins.map((bin) => bin.q));
  return {
    ...MARGINS,
    marginLeft: 90,
    // Room for a diamond at the axis's end.
    marginRight: 28,
    // The bin of all other tokens, often most of p, leaves room for the rest.
    x: sqrtSharesX(`Share of ${formatInteger(samples)} samples or probability (%, √ scale) →`, largest),
    y: { axis: null, domain: [names.speculative, names.target] },
    // Tokens by id, so two tokens that read alike keep their own bands.
    fy: {
      label: null,
      domain: bins.map((bin) => bin.id),
      tickFormat: (id: number) => binLabel(id, texts),
      padding: 0.25,
    },
    color: {
      legend: true,
      domain: [names.p, names.speculative, names.target, names.q],
      range: ['currentColor', SERIES.memory, SERIES.secondary, SERIES.compute],
    },
    marks: [
      Plot.barX(bars, { x: 'share', y: 'series', fy: 'id', fill: 'series' }),
      Plot.tickX(bars, { x: 'p', y: 'series', fy: 'id', stroke: () => names.p, strokeWidth: 2 }),
      // No y: the diamond sits in the middle of the band, between the two bars.
      Plot.dot(bins, { x: 'q', fy: 'id', stroke: () => names.q, symbol: 'diamond', r: 4, strokeWidth: 2 }),
      Plot.ruleX([0]),
    ],
  };
}

/** The largest gap between a sampler's shares and p over the bins, as a fraction. */
const largestGap = (bins: readonly TokenBin[], shareOf: (bin: TokenBin) => number) =>
  Math.max(...bins.map((bin) => Math.abs(shareOf(bin) - bin.p)));

function points(gap: number): string {
  const value = formatNumber(100 * gap);
  return `${value} percentage point${value === '1' ? '' : 's'}`;
}

/** What the chart shows, in words: how far each sampler's shares are from p, against how far q is. */
export function describeExactness(bins: readonly TokenBin[], samples: number, setup: SamplerSetup): string {
  const names = seriesNames(setup);
  const tokens = bins.filter((bin) => bin.id !== OTHER_TOKENS).length;
  const others = tokens < bins.length ? ' (and as any other token)' : '';
  return (
    `Of ${formatInteger(samples)} samples from each sampler, the share that came out as each of ` +
    `${setup.target}'s ${formatInteger(tokens)} most likely next tokens${others}, beside the token's probability ` +
    `p under ${setup.target} and q under ${setup.draft}. The largest gap between a share and p is ` +
    `${points(largestGap(bins, (bin) => share(bin.speculative, samples)))} for ${names.speculative} and ` +
    `${points(largestGap(bins, (bin) => share(bin.target, samples)))} for ${names.target}; q is up to ` +
    `${points(largestGap(bins, (bin) => bin.q))} from p.`
  );
}

/** The data table's columns, named by model and sampler. */
export function tableColumns(setup: SamplerSetup): string[] {
  const names = seriesNames(setup);
  return [
    'Token',
    'Id',
    `p, ${setup.target} (%)`,
    `q, ${setup.draft} (%)`,
    `${names.speculative}: share (samples)`,
    `${names.target}: share (samples)`,
  ];
}

export function tableRows(
  bins: readonly TokenBin[],
  samples: number,
  texts: Readonly<Record<number, string>>,
): string[][] {
  const observed = (count: number) => `${formatPercent(share(count, samples))} (${formatInteger(count)})`;
  return bins.map((bin) => [
    binLabel(bin.id, texts),
    bin.id === OTHER_TOKENS ? '—' : String(bin.id),
    formatPercent(bin.p),
    formatPercent(bin.q),
    observed(bin.speculative),
    observed(bin.target),
  ]);
}
