/**
 * The reader's measured roofline: every timed dispatch of a live prefill and of a live decode step becomes a point,
 * achieved FLOP/s (FLOPs counted by engine/measure ÷ seconds measured) against arithmetic intensity (FLOPs ÷ bytes,
 * both counted), under the roof the device microbenchmarks measured and beside a preset GPU's analytic f32 roof.
 * The engine computes in f32, so the preset is compared at its f32 peak, not its 16-bit tensor-core peak.
 */
import * as Plot from '@observablehq/plot';
import {
  analytic,
  measuredOps,
  stepOpCounts,
  type DeviceRates,
  type LlamaConfig,
  type MeasuredOp,
  type OpTime,
} from '@engine/index';
import { logY } from '../charts/axes';
import { formatNumber, formatSeconds, formatSi } from '../charts/format';
import { SERIES } from '../charts/palette';
import { intensityAxis, intensityDomain, roofPoints, ROOFLINE_MARGINS } from '../charts/roofline-axes';

export type Phase = 'prefill' | 'decode';

export const PHASES: readonly Phase[] = ['prefill', 'decode'];

export interface RooflinePoint extends MeasuredOp {
  phase: Phase;
  /** FLOP/byte, from the counted FLOPs and bytes. */
  intensity: number;
  /** FLOP/s: counted FLOPs ÷ measured seconds; NaN when the time is zero (below the clock's resolution). */
  achievedFlops: number;
  /** Bytes/s: counted bytes ÷ measured seconds; NaN when the time is zero. */
  achievedBandwidth: number;
}

/** Join one step's op times to its counted costs and turn each timed dispatch into a point. */
function phasePoints(
  phase: Phase,
  config: LlamaConfig,
  cached: number,
  newTokens: number,
  times: readonly OpTime[],
): RooflinePoint[] {
  return measuredOps(stepOpCounts(config, [{ cached, newTokens }], 1), times).map((op) => ({
    ...op,
    phase,
    intensity: op.flops / op.bytes,
    achievedFlops: op.seconds > 0 ? op.flops / op.seconds : NaN,
    achievedBandwidth: op.seconds > 0 ? op.bytes / op.seconds : NaN,
  }));
}

/** The dispatches of a prefill of `tokens` prompt tokens into an empty sequence. */
export function prefillPoints(
  config: LlamaConfig,
  times: readonly OpTime[],
  tokens: number,
): RooflinePoint[] {
  return phasePoints('prefill', config, 0, tokens, times);
}

/** The dispatches of one decode step after `cached` tokens. */
export function decodePoints(config: LlamaConfig, times: readonly OpTime[], cached: number): RooflinePoint[] {
  return phasePoints('decode', config, cached, 1, times);
}

/** Whether a point can go on log–log axes: it does arithmetic and took a measurable time. */
export function plottable(point: RooflinePoint): boolean {
  return point.flops > 0 && point.seconds > 0;
}

export interface Roof {
  /** Who the roof belongs to, as the chart labels it. */
  name: string;
  /** FLOP/s of the compute ceiling. */
  peak: number;
  /** Bytes/s of the bandwidth slope. */
  bandwidth: number;
}

/** Where this device's measured roof comes from, in words, for the line under a chart. */
export function roofSource(rates: DeviceRates): string {
  if (rates.backend !== 'cpu') return 'its measured copy bandwidth and FMA peak';
  const arrays = rates.copyArrayBytes
    ? ` (between two ${formatSi(rates.copyArrayBytes, 'B')} arrays, past most processors' last-level cache, so main memory)`
    : '';
  return `its measured copy bandwidth${arrays} and JavaScript arithmetic rate`;
}

/** The roof this device measured: copy bandwidth and FMA peak (on the CPU, JavaScript's copy and arithmetic rates). */
export function measuredRoof(rates: DeviceRates): Roof {
  return { name: 'your device', peak: rates.peakFlops, bandwidth: rates.copyBandwidth };
}

/** A preset's analytic roof at f32, the format the engine computes in. */
export function presetRoof(device: analytic.Hardware): Roof {
  return { name: `${device.name} f32`, peak: analytic.peakFlops(device, 'f32'), bandwidth: device.bandwidth };
}

export function ridge(roof: Roof): number {
  return roof.peak / roof.bandwidth;
}

export interface PhaseTotals {
  phase: Phase;
  flops: number;
  bytes: number;
  seconds: number;
  /** Whole-step FLOPs ÷ whole-step bytes. */
  intensity: number;
  /** Whole-step FLOPs ÷ the sum of the dispatches' times. */
  achievedFlops: number;
  /** Whole-step bytes ÷ the sum of the dispatches' times. */
  achievedBandwidth: number;
}

/** One phase's dispatches summed: the step as a single point. */
export function phaseTotals(points: readonly RooflinePoint[], phase: Phase): PhaseTotals {
  const mine = points.filter((p) => p.phase === phase);
  const flops = mine.reduce((s, p) => s + p.flops, 0);
  const bytes = mine.reduce((s, p) => s + p.bytes, 0);
  const seconds = mine.reduce((s, p) => s + p.seconds, 0);
  return {
    phase,
    flops,
    bytes,
    seconds,
    intensity: flops / bytes,
    achievedFlops: flops / seconds,
    achievedBandwidth: bytes / seconds,
  };
}

/** The clock the times came from, in words. */
export function clockName(points: readonly RooflinePoint[]): string {
  const clocks = new Set(points.map((p) => (p.clock === 'gpu-timestamp' ? 'GPU timestamps' : 'wall clock')));
  return [...clocks].join(' and ');
}

const percent = (part: number, whole: number) => `${formatNumber((100 * part) / whole, 2)} %`;

/** What the measurement shows, in sentences: each phase as a whole against the measured roof. */
export function describeRoofline(
  points: readonly RooflinePoint[],
  yours: Roof,
  tokens: number,
  where: string,
): string {
  const prefill = phaseTotals(points, 'prefill');
  const decode = phaseTotals(points, 'decode');
  const left = points.filter((p) => !plottable(p)).length;
  const unplotted = left
    ? ` ${left} of ${points.length} dispatches do no arithmetic or finished below the clock's resolution; they are in the table only.`
    : '';
  return (
    `Measured on ${where} (${clockName(points)}): the ${tokens}-token prefill does ` +
    `${formatNumber(prefill.intensity)} FLOP/byte and reaches ${formatSi(prefill.achievedFlops, 'FLOP/s')}, ` +
    `${percent(prefill.achievedFlops, yours.peak)} of your measured peak; ` +
    `the decode step does ${formatNumber(decode.intensity)} FLOP/byte and moves ${formatSi(decode.achievedBandwidth, 'B/s')}, ` +
    `${percent(decode.achievedBandwidth, yours.bandwidth)} of your measured copy bandwidth. ` +
    `Your ridge is at ${formatNumber(ridge(yours))} FLOP/byte.${unplotted}`
  );
}

/** The figures beside the chart: this device's roof and ridge, what each phase achieved, and the preset's ridge. */
export function rooflineReadout(points: readonly RooflinePoint[], rates: DeviceRates, preset: Roof) {
  const yours = measuredRoof(rates);
  const measured = (label: string, value: string) => ({ label, value, provenance: 'measured' as const });
  return [
    measured('Your copy bandwidth', formatSi(yours.bandwidth, 'B/s')),
    measured(
      rates.backend === 'cpu' ? 'Your arithmetic (JS, f64)' : 'Your peak (f32)',
      formatSi(yours.peak, 'FLOP/s'),
    ),
    measured('Your ridge', `${formatNumber(ridge(yours))} FLOP/byte`),
    measured('Prefill achieved', formatSi(phaseTotals(points, 'prefill').achievedFlops, 'FLOP/s')),
    measured('Decode achieved', formatSi(phaseTotals(points, 'decode').achievedBandwidth, 'B/s')),
    { label: `${preset.name} ridge`, value: `${formatNumber(ridge(preset))} FLOP/byte` },
  ];
}

/** Table rows: one per dispatch, formatted, with units in the column headings of TABLE_COLUMNS. */
export const TABLE_COLUMNS = [
  'Dispatch',
  'Phase',
  'Kind',
  'FLOPs',
  'Bytes',
  'Intensity (FLOP/byte)',
  'Time',
  'Achieved FLOP/s',
  'Achieved bytes/s',
] as const;

export function tableRows(points: readonly RooflinePoint[]): string[][] {
  const rate = (value: number, unit: string) => (Number.isFinite(value) ? formatSi(value, unit) : '—');
  return points.map((p) => [
    p.name,
    p.phase,
    p.kind,
    formatSi(p.flops, 'FLOP'),
    formatSi(p.bytes, 'B'),
    formatNumber(p.intensity),
    formatSeconds(p.seconds),
    rate(p.achievedFlops, 'FLOP/s'),
    rate(p.achievedBandwidth, 'B/s'),
  ]);
}

/** Each phase summed into one point, labelled, for the chart. */
function wholeSteps(points: readonly RooflinePoint[]) {
  return PHASES.map((phase) => phaseTotals(points, phase))
    .filter((t) => t.flops > 0 && t.seconds > 0)
    .map((t) => ({ ...t, label: `${t.phase}, whole step` }));
}

/**
 * This device's roof (and a preset's, when given), every plottable dispatch as a point coloured by phase, and each
 * phase's whole step as a ringed, labelled point; hovering a point names its op. Labels are drawn over the points.
 */
export function measuredRooflineChart(
  points: readonly RooflinePoint[],
  yours: Roof,
  preset?: Roof,
): Plot.PlotOptions {
  const plotted = points.filter(plottable);
  const steps = wholeSteps(points);
  const roofs = preset ? [yours, preset] : [yours];
  const ops = plotted.map((p) => ({ label: p.name, intensity: p.intensity, flops: p.achievedFlops }));
  const domains = roofs.map((roof) => intensityDomain({ ...roof, ops }));
  const domain: [number, number] = [
    Math.min(...domains.map(([lo]) => lo)),
    Math.max(...domains.map(([, hi]) => hi)),
  ];
  const roofLine = (roof: Roof) => {
    const { slope, ceiling } = roofPoints(roof.peak, roof.bandwidth, domain);
    return [...slope, ...ceiling.slice(1)];
  };
  const yLo =
    Math.min(...roofs.map((r) => r.bandwidth * domain[0]), ...plotted.map((p) => p.achievedFlops)) / 2;
  // Room above the higher ceiling for its two-line label.
  const yHi = Math.max(...roofs.map((r) => r.peak)) * 20;
  const halo = { stroke: 'var(--plot-background)', strokeWidth: 4, paintOrder: 'stroke' };
  // Two short lines each, so they fit a phone's width: the preset's above its ceiling, this device's below its own.
  const label = (roof: Roof, provenance: string) => [
    {
      intensity: domain[1],
      flops: roof.peak,
      text: `${roof.name}\n${provenance}: ${formatSi(roof.peak, 'FLOP/s')}`,
    },
  ];
  return {
    ...ROOFLINE_MARGINS,
    x: intensityAxis(domain, 'Arithmetic intensity, counted (FLOP/byte) →'),
    y: logY('↑ FLOP/s (points: achieved, measured)', {
      domain: [yLo, yHi],
      tickFormat: (d: number) => formatSi(d, ''),
    }),
    color: { domain: PHASES, range: [SERIES.compute, SERIES.memory] },
    symbol: { domain: PHASES, range: ['circle', 'triangle'], legend: true },
    marks: [
      preset &&
        Plot.line(roofLine(preset), {
          x: 'intensity',
          y: 'flops',
          stroke: SERIES.secondary,
          strokeWidth: 2,
          strokeDasharray: '6 4',
        }),
      Plot.line(roofLine(yours), { x: 'intensity', y: 'flops', stroke: 'currentColor', strokeWidth: 2.5 }),
      Plot.dot(plotted, {
        x: 'intensity',
        y: 'achievedFlops',
        fill: 'phase',
        symbol: 'phase',
        r: 4,
        fillOpacity: 0.85,
        channels: {
          Dispatch: 'name',
          Phase: 'phase',
          Kind: 'kind',
          Intensity: (p: RooflinePoint) => `${formatNumber(p.intensity)} FLOP/byte`,
          Achieved: (p: RooflinePoint) => formatSi(p.achievedFlops, 'FLOP/s'),
          Time: (p: RooflinePoint) => formatSeconds(p.seconds),
        },
        // The tip is drawn on hover, after PlotChart has presented the chart as one image; hidden from assistive
        // technology, which gets the same numbers from the data table.
        tip: { ariaHidden: 'true', format: { x: false, y: false, fill: false, symbol: false } },
      }),
      preset &&
        Plot.text(label(preset, 'analytic'), {
          x: 'intensity',
          y: 'flops',
          text: 'text',
          dy: -6,
          lineAnchor: 'bottom',
          textAnchor: 'end',
          fill: SERIES.secondary,
          fontWeight: 600,
          ...halo,
        }),
      Plot.text(label(yours, 'measured'), {
        x: 'intensity',
        y: 'flops',
        text: 'text',
        dy: 6,
        lineAnchor: 'top',
        textAnchor: 'end',
        fill: 'currentColor',
        fontWeight: 600,
        ...halo,
      }),
      Plot.dot(steps, {
        x: 'intensity',
        y: 'achievedFlops',
        stroke: 'phase',
        r: 9,
        strokeWidth: 2.5,
      }),
      Plot.text(steps, {
        x: 'intensity',
        y: 'achievedFlops',
        text: 'label',
        dy: -16,
        fill: 'currentColor',
        fontWeight: 600,
        ...halo,
      }),
    ],
  };
}
