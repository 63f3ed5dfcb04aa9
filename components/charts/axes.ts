/**
 * The log axes the lesson charts share: grid lines at the ticks, ticks written as plain numbers unless told
 * otherwise, and an x axis labelled at its centre, under the middle of the chart.
 */
import type * as Plot from '@observablehq/plot';
import { formatNumber } from './format';

/** A log y axis labelled `label`; `options` add to it or override it (a domain, another tick format). */
export function logY(label: string, options: Plot.ScaleOptions = {}): Plot.ScaleOptions {
  return { type: 'log', label, tickFormat: (d: number) => formatNumber(d), grid: true, ...options };
}

/** A log x axis labelled `label` at its centre. */
export function logX(label: string, options: Plot.ScaleOptions = {}): Plot.ScaleOptions {
  return logY(label, { labelAnchor: 'center', ...options });
}
