/**
 * One policy's slots step by step, a Gantt chart on the scheduler's measured clock: a row per slot, each segment
 * coloured by the request in the slot (charts/request-colours.ts), prefill segments outlined with a dot at their start,
 * slots held idle by a request not in the step (static batching's padding) in grey, empty slots blank; a row above
 * marks each request's arrival in its colour. Both policies' charts share one time axis. Pure: steps in, a Plot spec
 * and its summary out.
 */
import * as Plot from '@observablehq/plot';
import type { BatchingPolicy, StepRecord } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { SERIES } from '../charts/palette';
import { formatPercent } from '../number-formats/value-text';
import { requestColourScale, requestName } from '../charts/request-colours';
import { POLICY_NAMES } from './serving';
import { slotSegments, slotShares, type SlotSegment } from './slot-segments';

const ARRIVALS = 'arrivals';
const slotRow = (slot: number) => `slot ${formatInteger(slot + 1)}`;
const ms = (seconds: number) => seconds * 1000;

/** A segment at least this share of the time axis is labelled with its request. */
const LABELLED_SHARE = 1 / 16;

const STATE_WORDS: Record<SlotSegment['state'], string> = {
  prefill: 'prefilling',
  decode: 'decoding',
  idle: 'held idle',
};

/** What a segment's tooltip says. */
const titleOf = (s: SlotSegment) =>
  `${requestName(s.request)} ${STATE_WORDS[s.state]}, ${formatNumber(ms(s.start))}–${formatNumber(ms(s.end))} ms`;

/** The chart's height for `slots` rows and the arrivals row. */
export const slotChartHeight = (slots: number) => 60 + 26 * (slots + 1);

export interface SlotChartInput {
  steps: readonly StepRecord[];
  slots: number;
  /** When each request arrived, seconds after the stream started. */
  arrivals: readonly { id: number; arrival: number }[];
  /** The time axis's end in seconds, shared by both policies' charts. */
  end: number;
}

export function slotChart({ steps, slots, arrivals, end }: SlotChartInput): Plot.PlotOptions {
  const segments = slotSegments(steps).map((s) => ({
    ...s,
    row: slotRow(s.slot),
    x1: ms(s.start),
    x2: ms(s.end),
    mid: ms((s.start + s.end) / 2),
    title: titleOf(s),
  }));
  const working = segments.filter((s) => s.state !== 'idle');
  const prefill = segments.filter((s) => s.state === 'prefill');
  const labelled = working.filter((s) => s.end - s.start >= end * LABELLED_SHARE);
  const bars = { x1: 'x1', x2: 'x2', y: 'row', title: 'title' } as const;
  return {
    ...MARGINS,
    marginTop: 10,
    x: {
      domain: [0, ms(end)],
      label: 'Time from the start (ms, measured) →',
      labelAnchor: 'center',
      tickFormat: (d: number) => formatNumber(d),
      grid: true,
    },
    y: {
      domain: [ARRIVALS, ...Array.from({ length: slots }, (_, i) => slotRow(i))],
      label: null,
      padding: 0.15,
    },
    color: requestColourScale(arrivals.length),
    marks: [
      Plot.barX(
        segments.filter((s) => s.state === 'idle'),
        { ...bars, fill: SERIES.muted, fillOpacity: 0.45 },
      ),
      Plot.barX(working, { ...bars, fill: 'request' }),
      Plot.barX(prefill, { ...bars, fill: 'none', stroke: 'currentColor', strokeWidth: 1.5 }),
      Plot.dot(prefill, { x: 'x1', y: 'row', dx: 5, r: 2.5, fill: 'currentColor' }),
      Plot.text(labelled, {
        x: 'mid',
        y: 'row',
        text: (s: SlotSegment) => requestName(s.request),
        fill: 'black',
      }),
      Plot.tickX(arrivals, {
        x: (r: { arrival: number }) => ms(r.arrival),
        y: () => ARRIVALS,
        stroke: 'id',
        strokeWidth: 2,
        title: (r: { id: number; arrival: number }) =>
          `${requestName(r.id)} arrived at ${formatNumber(ms(r.arrival))} ms`,
      }),
    ],
  };
}

/** What the chart shows, in a sentence. */
export function describeSlots(policy: BatchingPolicy, steps: readonly StepRecord[], slots: number): string {
  const name = POLICY_NAMES[policy];
  const last = steps.at(-1);
  if (!last) return `${name}: no step served yet.`;
  const shares = slotShares(steps, slots);
  return (
    `${name}, ${formatInteger(slots)} slot${slots === 1 ? '' : 's'} over ${formatSeconds(last.start + last.seconds)}, ` +
    `measured: while steps ran, the slots were working ${formatPercent(shares.working)} of the time, held idle ` +
    `by a request not in the step ${formatPercent(shares.idle)} and empty ${formatPercent(shares.empty)}; ` +
    `${formatInteger(shares.prefillSteps)} of ${formatInteger(steps.length)} steps prefilled a prompt.`
  );
}
