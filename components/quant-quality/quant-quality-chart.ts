/**
 * The chart of quality against size: each scheme's measured perplexity on the held-out windows against the bits per
 * weight its block linears store (log scale, scales and zero-points included), one named point per scheme, the f32
 * baseline as a rule across, and the PyTorch reference as a ring around a point where it scored the same tokens.
 * A scheme still being scored is drawn faint.
 */
import * as Plot from '@observablehq/plot';
import { formatCount, formatNumber } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { SERIES } from '../charts/palette';
import { pointLabels } from './point-labels';
import type { QualityRow } from './quant-quality';
import { BASELINE } from './quality-schemes';

export const MEASURED = 'measured, this device';
/** The legend entry for the reference, naming where it was computed. */
export const referenceLabel = (device: string) => `reference, PyTorch on ${device}`;

/** Bit widths worth a tick, where they fall inside the axis. */
const BIT_TICKS = [2, 3, 4, 6, 8, 16, 32];

/** The shortest linear y axis, as a fraction of the lowest perplexity on it. */
const MIN_SPAN = 0.1;

/** Radius of a measured point. */
const RADIUS = 5;

/**
 * `rows` on axes fixed beforehand: `bits` spans every scheme's bits per weight, so the x axis stays put while points
 * land.
 */
export function qualityChart(rows: readonly QualityRow[], bits: readonly [number, number]): Plot.PlotOptions {
  const points = rows.map((r) => ({
    ...r,
    label: r.name === BASELINE.name ? `${r.name} (baseline)` : r.name,
  }));
  const references = rows.filter((r) => r.reference);
  const device = references[0]?.reference?.device;
  const base = rows.find((r) => r.name === BASELINE.name && r.complete);
  const values = [...rows.map((r) => r.perplexity), ...references.map((r) => r.reference!.perplexity)];
  const low = Math.min(...values);
  const high = Math.max(...values);
  // A log axis once the cliff is far above the rest, so the schemes near f32 do not collapse onto its rule; a linear
  // one at least a tenth of f32's perplexity tall otherwise, so differences of a few hundredths do not fill the chart.
  const log = high > 2 * low;
  const pad = log ? (high / low) ** 0.06 : Math.max((high - low) * 0.08, (MIN_SPAN * low - (high - low)) / 2);
  const domain = log ? [low / pad, high * pad] : [low - pad, high + pad];
  const [first, last] = bits;
  return {
    ...MARGINS,
    marginTop: 24,
    x: {
      type: 'log',
      base: 2,
      domain: [first / 1.15, last * 1.15],
      ticks: BIT_TICKS.filter((t) => t >= first / 1.15 && t <= last * 1.15),
      tickFormat: (d: number) => formatNumber(d),
      label: 'Bits per weight, block linears →',
      labelAnchor: 'center',
      grid: true,
    },
    y: {
      type: log ? 'log' : 'linear',
      domain,
      ...(log ? {} : { nice: true }),
      label: '↑ Perplexity, measured (lower is better)',
      // In words past a million (a checkpoint of random test weights can score trillions), to fit the margin.
      tickFormat: (d: number) => (d >= 1e6 ? formatCount(d, 4) : formatNumber(d)),
      grid: true,
    },
    color: {
      domain: device ? [MEASURED, referenceLabel(device)] : [MEASURED],
      range: [SERIES.memory, SERIES.secondary],
      legend: true,
    },
    marks: [
      Plot.ruleY(base ? [base.perplexity] : [], {
        stroke: SERIES.muted,
        strokeWidth: 1.5,
        strokeDasharray: '6 4',
      }),
      Plot.dot(references, {
        x: 'bitsPerWeight',
        y: (r: QualityRow) => r.reference!.perplexity,
        r: RADIUS + 4,
        stroke: () => referenceLabel(device!),
        strokeWidth: 2,
      }),
      Plot.dot(points, {
        x: 'bitsPerWeight',
        y: 'perplexity',
        r: RADIUS,
        fill: () => MEASURED,
        fillOpacity: (r: QualityRow) => (r.complete ? 1 : 0.4),
      }),
      pointLabels(
        points.map((p) => ({ x: p.bitsPerWeight, y: p.perplexity, text: p.label })),
        { radius: RADIUS + (device ? 4 : 0) },
      ),
    ],
  };
}
