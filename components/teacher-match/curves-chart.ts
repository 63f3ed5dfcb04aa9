/**
 * The training curves as the training scripts recorded them: validation loss against training tokens seen, for the
 * teacher, the pruned model while it was healed by distillation, the student distilled from random init, and the
 * same shape trained from scratch. Pure: the record in, the Plot spec, its sentence and its table out.
 */
import * as Plot from '@observablehq/plot';
import { formatNumber } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { SERIES } from '../charts/palette';
import type { CurveKey, RecordedComparison, RecordedCurve } from './recorded';
import { rowLabel, type Lineup } from './teacher-match';

const COLOURS: Record<CurveKey, string> = {
  teacher: SERIES.muted,
  pruned: SERIES.memory,
  student: SERIES.compute,
  scratch: SERIES.point,
};

const millions = (tokens: number) => tokens / 1e6;

/** Validation loss against millions of tokens seen, one line per model. */
export function curvesChart(recorded: RecordedComparison, lineup: Lineup): Plot.PlotOptions {
  const points = recorded.curves.flatMap((c) =>
    c.points.map((p) => ({ model: rowLabel(c.key, lineup), tokens: millions(p.tokens), nats: p.nats })),
  );
  const keys = recorded.curves.map((c) => c.key);
  return {
    ...MARGINS,
    x: { label: 'Training tokens seen (millions) →', labelAnchor: 'center', grid: true },
    y: { label: '↑ Validation loss (nats/token)', grid: true },
    color: {
      domain: keys.map((k) => rowLabel(k, lineup)),
      range: keys.map((k) => COLOURS[k]),
      legend: true,
    },
    marks: [Plot.line(points, { x: 'tokens', y: 'nats', stroke: 'model', strokeWidth: 2 })],
  };
}

const first = (c: RecordedCurve) => c.points[0]!;
const last = (c: RecordedCurve) => c.points.at(-1)!;
/** The curve's last point at or before `tokens`, if it has one. */
const upTo = (c: RecordedCurve, tokens: number) => c.points.filter((p) => p.tokens <= tokens).at(-1);
const loss = (nats: number) => nats.toFixed(2);
const tokens = (n: number) => `${formatNumber(millions(n), 3)} M tokens`;

/** Where each curve starts and ends, in words. */
export function describeCurves(recorded: RecordedComparison, lineup: Lineup): string {
  const curve = (key: CurveKey) => recorded.curves.find((c) => c.key === key)!;
  const [teacher, pruned, student, scratch] = (['teacher', 'pruned', 'student', 'scratch'] as const).map(
    curve,
  );
  const healed = last(pruned!).tokens;
  const [studentThen, scratchThen] = [upTo(student!, healed), upTo(scratch!, healed)];
  const byThen =
    studentThen && scratchThen
      ? `By then the student distilled from random init is at ${loss(studentThen.nats)} and the same shape from ` +
        `scratch at ${loss(scratchThen.nats)}; they end`
      : 'The student distilled from random init and the same shape from scratch end';
  return (
    `Validation loss (nats/token) against training tokens seen, as the training scripts recorded it. The pruned ` +
    `model, healing from the teacher's weights, is at ${loss(first(pruned!).nats)} after the first ` +
    `${tokens(first(pruned!).tokens)} and ends its run at ${loss(last(pruned!).nats)} after ${tokens(healed)}. ` +
    `${byThen} at ${loss(last(student!).nats)} and ` +
    `${loss(last(scratch!).nats)} after ${tokens(last(student!).tokens)}. The teacher (${lineup.teacher.id}) ` +
    `reached ${loss(last(teacher!).nats)} after ${tokens(last(teacher!).tokens)}.`
  );
}

/** The table's columns: tokens seen, then each model's loss. */
export function curveColumns(recorded: RecordedComparison, lineup: Lineup): string[] {
  return [
    'Training tokens seen (millions)',
    ...recorded.curves.map((c) => `${rowLabel(c.key, lineup)} (nats/token, recorded)`),
  ];
}

/** One row per evaluation, a blank where a model was not evaluated at that count. */
export function curveRows(recorded: RecordedComparison): string[][] {
  const counts = [...new Set(recorded.curves.flatMap((c) => c.points.map((p) => p.tokens)))].sort(
    (a, b) => a - b,
  );
  return counts.map((n) => [
    formatNumber(millions(n), 4),
    ...recorded.curves.map((c) => {
      const point = c.points.find((p) => p.tokens === n);
      return point ? formatNumber(point.nats, 4) : '';
    }),
  ]);
}
