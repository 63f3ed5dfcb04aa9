/**
 * The side-by-side chart: one row per model, its perplexity measured here on the held-out windows (filled) beside
 * the one the training scripts recorded over the whole validation split (open). A log axis, since the teacher pruned
 * without healing scores tens of times the others. Rows keep their places while measurements stream in.
 */
import * as Plot from '@observablehq/plot';
import { logX } from '../charts/axes';
import { SERIES } from '../charts/palette';
import type { MatchRow } from './teacher-match';

export const MEASURED = 'measured here (held-out windows)';
export const RECORDED = 'recorded (whole validation split)';

/** Two-line names, "prose-pruned\n(pruned, healed)", to keep the left margin narrow. */
function twoLines(label: string): string {
  const space = label.indexOf(' ');
  return space < 0 ? label : `${label.slice(0, space)}\n${label.slice(space + 1)}`;
}

/** Perplexity per model, measured and recorded, on a log axis. */
export function matchChart(rows: readonly MatchRow[]): Plot.PlotOptions {
  const measured = rows
    .filter((r) => r.match && r.complete)
    .map((r) => ({ label: r.label, perplexity: r.match!.perplexity }));
  const recorded = rows.map((r) => ({ label: r.label, perplexity: Math.exp(r.recordedNats) }));
  return {
    marginLeft: 150,
    marginRight: 20,
    marginBottom: 45,
    x: logX('Perplexity (log scale) →'),
    y: { label: null, domain: rows.map((r) => r.label), tickFormat: twoLines, padding: 0.3 },
    color: { domain: [MEASURED, RECORDED], range: [SERIES.memory, SERIES.compute], legend: true },
    marks: [
      Plot.ruleY(
        rows.map((r) => r.label),
        { stroke: 'currentColor', strokeOpacity: 0.1 },
      ),
      Plot.dot(recorded, { x: 'perplexity', y: 'label', r: 7, stroke: () => RECORDED, strokeWidth: 2 }),
      Plot.dot(measured, { x: 'perplexity', y: 'label', r: 4.5, fill: () => MEASURED }),
    ],
  };
}
