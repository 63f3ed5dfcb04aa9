/**
 * The numbers a format can hold near a chosen value, on a number line: a tick at each representable value, the chosen
 * value among them, the one it is stored as (round to nearest, ties to even) and the gap between neighbours.
 * Analytic: engine/analytic's number formats.
 */
import * as Plot from '@observablehq/plot';
import { analytic } from '@engine/index';
import { SERIES } from '../charts/palette';
import { formatCode, formatPercent, formatSigned, formatValue } from './value-text';

export interface NumberGrid {
  formatName: string;
  bits: number;
  /** The value asked for. */
  x: number;
  /** What storing it gives: the code, the value read back, the error and what happened. */
  rounded: analytic.Rounded;
  /** Representable values around x, ascending. */
  values: number[];
  /** The code of each of `values`. */
  codes: number[];
  /** The gap between neighbours at |x|. */
  gap: number;
  largest: number;
}

/** The grid of `format` around x: `count` representable values on each side (an integer format at step `scale`). */
export function numberGrid(format: analytic.NumberFormat, x: number, scale = 1, count = 4): NumberGrid {
  const values = analytic.neighboursOf(format, x, count, scale);
  const range = analytic.rangeOf(format, scale);
  return {
    formatName: format.name,
    bits: range.bits,
    x,
    rounded: analytic.roundToFormat(format, x, scale),
    values,
    codes: values.map((v) => analytic.encodeNumber(format, v, scale)),
    gap: analytic.gapAt(format, x, scale),
    largest: range.largest,
  };
}

/** One sentence stating where x lands, for screen readers and the paragraph under the chart. */
export function describeNumberGrid({ formatName, bits, x, rounded, gap, largest }: NumberGrid): string {
  const stored = `${formatValue(rounded.value)} (code ${formatCode(rounded.code, bits)})`;
  const off = `${formatSigned(rounded.error)}, ${formatPercent(rounded.relativeError)} of the value`;
  const near = `near it ${formatName}'s numbers are ${formatValue(gap, 4)} apart`;
  switch (rounded.outcome) {
    case 'exact':
      return `${formatValue(x)} is one of ${formatName}'s numbers, stored exactly as code ${formatCode(rounded.code, bits)}; ${near}.`;
    case 'overflow':
      return `${formatValue(x)} is past ${formatName}'s largest number, ${formatValue(largest)}, and overflows to ${stored}.`;
    case 'saturated':
      return `${formatValue(x)} is past ${formatName}'s largest number and saturates to it: ${stored}, off by ${off}.`;
    case 'to zero':
      return `${formatValue(x)} is closer to zero than to ${formatName}'s smallest number: it is stored as ${stored}, off by the whole value; ${near}.`;
    case 'rounded':
      return `${formatName} stores ${formatValue(x)} as the nearest of its numbers, ${stored}, off by ${off}; ${near}.`;
  }
}

/** The data table: each representable value near x, its code, the gap to the next, and which is stored. */
export function gridRows({ values, codes, bits, rounded, x }: NumberGrid): string[][] {
  return values.map((v, i) => {
    const next = values[i + 1];
    const mark = Object.is(v, rounded.value) || v === rounded.value ? 'stored value' : '';
    const between = next !== undefined && v < x && x < next ? 'x lies between this and the next' : '';
    return [
      formatValue(v),
      formatCode(codes[i]!, bits),
      next === undefined ? '—' : formatValue(next - v, 4),
      [mark, between].filter(Boolean).join('; '),
    ];
  });
}

export const GRID_COLUMNS = ['Representable value', 'Code', 'Gap to the next', 'Note'] as const;

/** Heights on the chart's hidden y scale: the line at 0, labels above and below it. */
const Y = { tick: 0.3, stored: 0.55, storedLabel: -0.85, xLabel: 1.05, arrow: 0.42 } as const;

/** Where a label near the chart's left or right edge should anchor, so it stays inside. */
function anchorAt(v: number, [lo, hi]: [number, number]): 'start' | 'middle' | 'end' {
  const t = (v - lo) / (hi - lo);
  return t < 0.2 ? 'start' : t > 0.8 ? 'end' : 'middle';
}

export function numberGridChart({ x, rounded, values, gap }: NumberGrid): Plot.PlotOptions {
  const stored = Number.isFinite(rounded.value) ? [rounded.value] : [];
  const all = [...values, x];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = Math.max((hi - lo) * 0.06, gap / 2);
  const domain: [number, number] = [lo - pad, hi + pad];
  const moves = stored.length > 0 && rounded.value !== x;
  const storedText = stored.length > 0 ? `stored ${formatValue(rounded.value)}` : '';
  return {
    marginLeft: 20,
    marginRight: 20,
    marginTop: 10,
    marginBottom: 45,
    x: {
      domain,
      label: 'Value →',
      labelAnchor: 'center',
      tickFormat: (d: number) => formatValue(d, 4),
      ticks: 3,
    },
    y: { domain: [-1.2, 1.35], axis: null },
    marks: [
      Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.5 }),
      Plot.ruleX(values, { y1: -Y.tick, y2: Y.tick, stroke: SERIES.memory, strokeWidth: 2 }),
      Plot.ruleX(stored, { y1: -Y.stored, y2: Y.stored, stroke: SERIES.point, strokeWidth: 3 }),
      Plot.text(stored, {
        x: (d: number) => d,
        y: Y.storedLabel,
        text: () => storedText,
        textAnchor: anchorAt(rounded.value, domain),
        fill: SERIES.point,
        fontWeight: 600,
      }),
      ...(moves
        ? [
            Plot.arrow([{ x1: x, x2: rounded.value }], {
              x1: 'x1',
              x2: 'x2',
              y1: Y.arrow,
              y2: Y.arrow,
              bend: true,
              stroke: SERIES.point,
              headLength: 6,
              insetEnd: 3,
            }),
          ]
        : []),
      Plot.dot([x], { x: (d: number) => d, y: 0, r: 5, fill: 'currentColor' }),
      Plot.text([x], {
        x: (d: number) => d,
        y: Y.xLabel,
        text: (d: number) =>
          Number.isFinite(rounded.value)
            ? `x = ${formatValue(d)}`
            : `x = ${formatValue(d)} → ${formatValue(rounded.value)}`,
        textAnchor: anchorAt(x, domain),
        fill: 'currentColor',
        fontWeight: 600,
      }),
    ],
  };
}
