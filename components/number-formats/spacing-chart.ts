/**
 * The gap between neighbouring representable numbers against their magnitude, over a format's whole positive range,
 * on log axes: a float's gap doubles at every power of two (a staircase), an integer format's stays the step (flat).
 * The chosen value is marked. Analytic: engine/analytic's number formats.
 */
import * as Plot from '@observablehq/plot';
import { analytic } from '@engine/index';
import { MARGINS } from '../charts/margins';
import { SERIES } from '../charts/palette';
import { formatFigure, formatPercent, formatValue, powerOfTwo } from './value-text';

export interface Spacing {
  formatName: string;
  kind: analytic.NumberFormat['kind'];
  steps: analytic.SpacingStep[];
  /** |x|, the magnitude chosen. */
  magnitude: number;
  /** The gap at that magnitude. */
  gap: number;
  /** Mantissa bits of a float format (the relative gap of its normal numbers is 2⁻ᵐ⁻¹ to 2⁻ᵐ). */
  mantissaBits: number | undefined;
}

export function spacingOf(format: analytic.NumberFormat, x: number, scale = 1): Spacing {
  return {
    formatName: format.name,
    kind: format.kind,
    steps: analytic.spacingSteps(format, scale),
    magnitude: Math.abs(x),
    gap: analytic.gapAt(format, x, scale),
    mantissaBits: format.kind === 'float' ? format.mantissaBits : undefined,
  };
}

/** Whether |x| lies within the positive range the chart draws. */
function onChart({ steps, magnitude }: Spacing): boolean {
  return magnitude >= steps[0]!.from && magnitude <= steps.at(-1)!.to;
}

/** One or two sentences: how the gap grows (or does not), and the gap at the chosen value. */
export function describeSpacing(s: Spacing): string {
  const { formatName, steps, gap, magnitude, mantissaBits } = s;
  const first = steps[0]!;
  const last = steps.at(-1)!;
  const here = onChart(s)
    ? ` At ${formatValue(magnitude)} the gap is ${mantissaBits === undefined ? formatValue(gap, 4) : formatFigure(gap)}.`
    : ` ${formatValue(magnitude)} lies outside that range.`;
  if (mantissaBits === undefined)
    return (
      `In ${formatName} every neighbour is ${formatValue(first.gap, 4)} from the next, from ${formatValue(first.from, 4)} ` +
      `to ${formatValue(last.to, 4)}: relative to the value, the gap shrinks from 100 % at the smallest to ` +
      `${formatPercent(first.gap / last.to)} at the largest.${here}`
    );
  return (
    `In ${formatName} the gap between neighbours is ${formatFigure(first.gap)} below ${formatFigure(first.to)} ` +
    `(subnormals), then doubles at every power of two, up to ${formatFigure(last.gap)} between ` +
    `${formatValue(last.from)} and ${formatValue(last.to)}; relative to the value it stays between ` +
    `${formatPercent(2 ** -(mantissaBits + 1))} and ${formatPercent(2 ** -mantissaBits)}.${here}`
  );
}

export const SPACING_COLUMNS = ['From', 'To', 'Gap between neighbours'] as const;

/** The data table: each stretch of magnitudes with one gap. */
export function spacingRows({ steps }: Spacing): string[][] {
  return steps.map((step) => [formatFigure(step.from), formatFigure(step.to), formatFigure(step.gap)]);
}

/** An axis tick: a power of two as 2ᵏ when the axis spans many of them, otherwise the value. */
function tick(d: number): string {
  return d >= 1e-3 && d < 1e5 ? formatValue(d, 3) : (powerOfTwo(d) ?? formatValue(d, 2));
}

export function spacingChart(s: Spacing): Plot.PlotOptions {
  const { steps, magnitude, gap } = s;
  const points = steps.flatMap((step) => [
    { magnitude: step.from, gap: step.gap },
    { magnitude: step.to, gap: step.gap },
  ]);
  const here = onChart(s) ? [{ magnitude, gap }] : [];
  const [from, to] = [steps[0]!.from, steps.at(-1)!.to];
  const along = Math.log(magnitude / from) / Math.log(to / from); // where |x| sits, 0 to 1 across the axis
  const gaps = steps.map((step) => step.gap);
  // A flat line (an integer format) gets a decade either side so it does not sit on the frame.
  const [gapLo, gapHi] = [Math.min(...gaps), Math.max(...gaps)];
  const yDomain = gapHi / gapLo < 10 ? [gapLo / 10, gapHi * 10] : [gapLo, gapHi];
  return {
    ...MARGINS,
    marginLeft: 64,
    marginTop: 24,
    x: {
      type: 'log',
      domain: [from, to],
      label: 'Magnitude of the value →',
      labelAnchor: 'center',
      tickFormat: tick,
      grid: true,
    },
    y: { type: 'log', domain: yDomain, label: '↑ Gap to the next number', tickFormat: tick, grid: true },
    marks: [
      Plot.line(points, { x: 'magnitude', y: 'gap', stroke: SERIES.memory, strokeWidth: 2 }),
      Plot.dot(here, { x: 'magnitude', y: 'gap', r: 5, fill: SERIES.point }),
      Plot.text(here, {
        x: 'magnitude',
        y: 'gap',
        text: (d: { magnitude: number }) => `|x| = ${formatValue(d.magnitude, 4)}`,
        dy: -12,
        textAnchor: along < 0.3 ? 'start' : 'end',
        fill: SERIES.point,
        fontWeight: 600,
      }),
    ],
  };
}
