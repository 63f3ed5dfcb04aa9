/**
 * The next-token comparison drawn: for each of the tokens the two models find most likely, the teacher's and the
 * student's probability side by side (one band per token, a bar per model), with its summary and data table. Pure:
 * a comparison (distributions.ts) and the tokens' texts in, a Plot spec, sentences and rows out.
 */
import * as Plot from '@observablehq/plot';
import { formatInteger, formatNumber } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { SERIES } from '../charts/palette';
import { formatPercent } from '../number-formats/value-text';
import type { Comparison } from './distributions';
import { tokenLabel } from './token-label';

/** The two models' names, as the legend and the sentences give them. */
export interface ModelNames {
  teacher: string;
  student: string;
}

/** Each model's name with its role: "prose-target (teacher)". */
export const seriesNames = (names: ModelNames) => ({
  teacher: `${names.teacher} (teacher)`,
  student: `${names.student} (student)`,
});

/** The chart's height for `rows` tokens: two bars a token, and room for the axis and the legend. */
export const chartHeight = (rows: number) => 80 + rows * 26;

/** One band per token, the teacher's most likely at the top, a bar for each model's probability. */
export function distributionChart(
  c: Comparison,
  texts: Readonly<Record<number, string>>,
  names: ModelNames,
): Plot.PlotOptions {
  const series = seriesNames(names);
  const bars = c.rows.flatMap((row) => [
    { id: row.id, model: series.teacher, p: row.teacher },
    { id: row.id, model: series.student, p: row.student },
  ]);
  return {
    ...MARGINS,
    marginLeft: 90,
    x: {
      label: `Probability of the next token at temperature ${formatNumber(c.temperature)} (%) →`,
      labelAnchor: 'center',
      percent: true,
      grid: true,
    },
    y: { axis: null, domain: [series.teacher, series.student] },
    // Tokens by id, so two tokens that read alike keep their own bands.
    fy: {
      label: null,
      domain: c.rows.map((row) => row.id),
      tickFormat: (id: number) => tokenLabel(texts[id] ?? ''),
      padding: 0.2,
    },
    color: { legend: true, domain: [series.teacher, series.student], range: [SERIES.memory, SERIES.compute] },
    marks: [Plot.barX(bars, { x: 'p', y: 'model', fy: 'id', fill: 'model' }), Plot.ruleX([0])],
  };
}

/** What the chart shows, in words: both models' first choices, and what the tokens drawn hold. */
export function describeDistributions(
  c: Comparison,
  texts: Readonly<Record<number, string>>,
  names: ModelNames,
): string {
  const token = (id: number) => `“${tokenLabel(texts[id] ?? '')}”`;
  const p = (id: number) => c.rows.find((row) => row.id === id)!;
  const [t, s] = [p(c.teacherTop), p(c.studentTop)];
  const firsts =
    c.teacherTop === c.studentTop
      ? `both put ${token(t.id)} first (${formatPercent(t.teacher)} and ${formatPercent(t.student)})`
      : `the teacher puts ${token(t.id)} first (${formatPercent(t.teacher)}; the student gives it ` +
        `${formatPercent(t.student)}), the student ${token(s.id)} (${formatPercent(s.student)}; the teacher ` +
        `gives it ${formatPercent(s.teacher)})`;
  return (
    `The next token's probability under ${names.teacher} (the teacher) and ${names.student} (the student) at ` +
    `temperature ${formatNumber(c.temperature)}, for the ${formatInteger(c.rows.length)} tokens either model ` +
    `ranks among its most likely: ${firsts}. These tokens hold ${formatPercent(c.mass.teacher)} of the teacher's ` +
    `probability and ${formatPercent(c.mass.student)} of the student's.`
  );
}

/** The data table's columns, named by model. */
export const tableColumns = (names: ModelNames) => [
  'Token',
  'Id',
  `${names.teacher} (teacher)`,
  `${names.student} (student)`,
  'Student ÷ teacher',
];

export const tableRows = (c: Comparison, texts: Readonly<Record<number, string>>) =>
  c.rows.map((row) => [
    tokenLabel(texts[row.id] ?? ''),
    String(row.id),
    formatPercent(row.teacher),
    formatPercent(row.student),
    formatNumber(row.student / row.teacher),
  ]);
