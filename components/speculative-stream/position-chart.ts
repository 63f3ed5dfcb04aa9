/**
 * One position of a verification drawn: for each token worth a bar, the target's p and the draft's q side by side
 * (one band per token), the residual max(p − q, 0) normalised after a rejection, and a last band for all the other
 * tokens; the drafted (or bonus) token's band shaded and named. At the bonus position only p is drawn: nothing was
 * drafted there. Pure: a chosen position (stream-items.ts) in, a Plot spec, a summary and table rows out.
 */
import * as Plot from '@observablehq/plot';
import { formatInteger } from '../charts/format';
import { sqrtSharesX } from '../charts/axes';
import { MARGINS } from '../charts/margins';
import { SERIES } from '../charts/palette';
import { formatPercent } from '../number-formats/value-text';
import { tokenLabel } from '../next-token/token-label';
import { quoted } from './speculative-words';
import type { ChosenPosition } from './stream-items';

export const SERIES_NAMES = {
  p: 'p (target)',
  q: 'q (draft)',
  residual: 'residual, max(p − q, 0) normalised',
} as const;
type Series = keyof typeof SERIES_NAMES;
const COLOURS: Record<Series, string> = { p: SERIES.memory, q: SERIES.compute, residual: SERIES.secondary };

/** The band id standing for every token without a bar of its own. */
const REST = -1;

interface Band {
  id: number;
  label: string;
  p: number;
  q: number;
  residual: number;
}

/** The series a position has: p and q at a drafted position, the residual too after a rejection, p alone at the bonus. */
export function seriesOf(chosen: ChosenPosition): Series[] {
  if (chosen.kind === 'bonus') return ['p'];
  return chosen.resampled ? ['p', 'q', 'residual'] : ['p', 'q'];
}

/** The token the position is about: the drafted one, or the bonus. */
const focusOf = (chosen: ChosenPosition) =>
  chosen.kind === 'bonus' ? chosen.bonus.token : chosen.fate.token;

function roleOf(chosen: ChosenPosition, token: number): string | undefined {
  if (chosen.kind === 'bonus') return token === chosen.bonus.token ? 'bonus' : undefined;
  if (token === chosen.fate.token) return chosen.fate.accepted ? 'drafted, accepted' : 'drafted, rejected';
  return token === chosen.resampled?.token ? 'resampled' : undefined;
}

/** What the bars leave of a distribution that sums to 1, with round-off below a billionth taken as none. */
const restOf = (shown: number) => (1 - shown > 1e-9 ? 1 - shown : 0);

/** The bands, most likely under the target first, then the rest of the vocabulary. */
export function bandsOf(chosen: ChosenPosition): Band[] {
  const { bars, restP, restQ } = chosen.view;
  const tokens = bars.map((bar) => {
    const role = roleOf(chosen, bar.token);
    const label = tokenLabel(bar.text) + (role ? ` (${role})` : '');
    return { id: bar.token, label, p: bar.p, q: bar.q, residual: bar.residual ?? 0 };
  });
  const residualShown = tokens.reduce((sum, band) => sum + band.residual, 0);
  const restResidual = seriesOf(chosen).includes('residual') ? restOf(residualShown) : 0;
  return [...tokens, { id: REST, label: 'all other tokens', p: restP, q: restQ, residual: restResidual }];
}

/** The chart's height for a position: a bar per series in each band, and room for the axis and the legend. */
export const chartHeight = (chosen: ChosenPosition) =>
  80 + bandsOf(chosen).length * (10 + 14 * seriesOf(chosen).length);

export function positionChart(chosen: ChosenPosition): Plot.PlotOptions {
  const series = seriesOf(chosen);
  const bands = bandsOf(chosen);
  const names = series.map((s) => SERIES_NAMES[s]);
  const bars = bands.flatMap((band) =>
    series.map((s) => ({ id: band.id, series: SERIES_NAMES[s], value: band[s] })),
  );
  const top = Math.max(...bars.map((bar) => bar.value));
  const labels = new Map(bands.map((band) => [band.id, band.label]));
  return {
    ...MARGINS,
    marginLeft: 170,
    // All other tokens together often hold most of the mass: a square root keeps the top tokens' bars readable.
    x: sqrtSharesX('Probability at this position (%, √ scale) →', top),
    y: { axis: null, domain: names },
    fy: {
      label: null,
      domain: bands.map((band) => band.id),
      tickFormat: (id: number) => labels.get(id),
      padding: 0.2,
    },
    color: { legend: true, domain: names, range: series.map((s) => COLOURS[s]) },
    marks: [
      // The shade behind the token the position is about spans the band, whatever its own bars' lengths.
      Plot.barX([{ id: focusOf(chosen) }], {
        x1: 0,
        x2: top,
        fy: 'id',
        fill: 'currentColor',
        fillOpacity: 0.08,
      }),
      Plot.barX(bars, { x: 'value', y: 'series', fy: 'id', fill: 'series' }),
      Plot.ruleX([0]),
    ],
  };
}

/** What the chart shows, in words. */
export function describePosition(chosen: ChosenPosition): string {
  const bands = bandsOf(chosen);
  const tokens = formatInteger(bands.length - 1);
  if (chosen.kind === 'bonus')
    return (
      `The target's probability p of the ${tokens} tokens it finds most likely at the bonus position, and of all ` +
      `others together; ${quoted(chosen.bonus.text)} was sampled from it.`
    );
  const shown = `the draft's probability q and the target's p of the ${tokens} tokens either finds most likely`;
  const resampled = chosen.resampled
    ? `, with the residual max(p − q, 0) normalised, from which ${quoted(chosen.resampled.text)} was drawn`
    : '';
  return `At the position of the drafted ${quoted(chosen.fate.text)}: ${shown}, and of all others together${resampled}.`;
}

/** The data table's columns, for the series the position has. */
export const tableColumns = (chosen: ChosenPosition) => [
  'Token',
  ...seriesOf(chosen).map((s) => SERIES_NAMES[s]),
];

export const tableRows = (chosen: ChosenPosition) => {
  const series = seriesOf(chosen);
  return bandsOf(chosen).map((band) => [band.label, ...series.map((s) => formatPercent(band[s]))]);
};
