/**
 * The axes the lesson charts share: log axes with grid lines at the ticks, ticks written as plain numbers unless told
 * otherwise, and an x axis labelled at its centre, under the middle of the chart.
 */
import type * as Plot from '@observablehq/plot';
import { formatInteger, formatNumber } from './format';

/** A log y axis labelled `label`; `options` add to it or override it (a domain, another tick format). */
export function logY(label: string, options: Plot.ScaleOptions = {}): Plot.ScaleOptions {
  return { type: 'log', label, tickFormat: (d: number) => formatNumber(d), grid: true, ...options };
}

/** A log x axis labelled `label` at its centre. */
export function logX(label: string, options: Plot.ScaleOptions = {}): Plot.ScaleOptions {
  return logY(label, { labelAnchor: 'center', ...options });
}

/** A linear x axis from zero to `top` under horizontal bars, labelled `label` at its centre, with grid lines. */
export function barsX(label: string, top: number): Plot.ScaleOptions {
  return {
    label,
    labelAnchor: 'center',
    domain: [0, top],
    grid: true,
    tickFormat: (d: number) => formatNumber(d),
  };
}

// Spaced for a square-root axis, whose top end crowds: every ten per cent would overlap on a phone.
const SHARE_TICKS = [0, 1, 2, 5, 10, 20, 40, 60, 80, 100];

/**
 * A square-root x axis of shares (fractions shown as per cent) up to `largest`, labelled `label` at its centre: a
 * bar of a few per cent stays readable beside one of most of the mass (Tukey's rootogram, where a share's sampling
 * noise is about as wide everywhere).
 */
export function sqrtSharesX(label: string, largest: number): Plot.ScaleOptions {
  return {
    type: 'sqrt',
    ticks: SHARE_TICKS.filter((tick) => tick <= 100 * largest),
    label,
    labelAnchor: 'center',
    percent: true,
    grid: true,
  };
}

/** Log axes when the values span more than a decade; linear ones otherwise, which label their ticks better. */
export function scaleFor(values: readonly number[]): 'log' | 'linear' {
  return Math.max(...values) > 10 * Math.min(...values) ? 'log' : 'linear';
}

/** A power-of-two context as a short tick label: 16, 256, 1k, 64k (k = 1,024, as context lengths are quoted). */
export function contextTick(S: number): string {
  return S >= 1024 ? `${formatNumber(S / 1024)}k` : formatInteger(S);
}
