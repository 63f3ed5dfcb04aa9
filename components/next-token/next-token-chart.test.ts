// The next-token chart, its summary and table from hand-made logits (the teacher ½, ¼, ⅛, ⅛; the student with the
// first two swapped), and the saved SVGs at desktop and phone width.
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { compareDistributions } from './distributions';
import {
  chartHeight,
  describeDistributions,
  distributionChart,
  tableColumns,
  tableRows,
} from './next-token-chart';

const teacher = [0.5, 0.25, 0.125, 0.125].map(Math.log);
const student = [0.25, 0.5, 0.125, 0.125].map(Math.log);
const texts = { 0: ' good', 1: '\n', 2: ' great', 3: '' };
const names = { teacher: 'prose-target', student: 'prose-pruned' };

describe('the next-token chart', () => {
  it("names each model's first choice and what the tokens shown hold", () => {
    expect(describeDistributions(compareDistributions(teacher, student, 1, 2), texts, names)).toBe(
      "The next token's probability under prose-target (the teacher) and prose-pruned (the student) at " +
        'temperature 1, for the 2 tokens either model ranks among its most likely: the teacher puts “␣good” ' +
        'first (50 %; the student gives it 25 %), the student “↵” (50 %; the teacher gives it 25 %). These ' +
        "tokens hold 75 % of the teacher's probability and 75 % of the student's.",
    );
    expect(describeDistributions(compareDistributions(teacher, teacher, 1, 1), texts, names)).toContain(
      'both put “␣good” first (50 % and 50 %)',
    );
  });

  it('tables each token with both probabilities and their ratio', () => {
    const c = compareDistributions(teacher, student, 1, 4);
    expect(tableColumns(names)).toEqual([
      'Token',
      'Id',
      'prose-target (teacher)',
      'prose-pruned (student)',
      'Student ÷ teacher',
    ]);
    expect(tableRows(c, texts)).toEqual([
      ['␣good', '0', '50 %', '25 %', '0.5'],
      ['↵', '1', '25 %', '50 %', '2'],
      ['␣great', '2', '12.5 %', '12.5 %', '1'],
      ['�', '3', '12.5 %', '12.5 %', '1'],
    ]);
  });

  it('draws a bar per model for each token', async () => {
    const c = compareDistributions(teacher, student, 1, 4);
    const spec = distributionChart(c, texts, names);
    expect(spec.fy?.domain).toEqual([0, 1, 2, 3]);
    await expect(renderSvg(spec, 640, chartHeight(4))).toMatchFileSnapshot('./__snapshots__/next-token.svg');
    const hot = distributionChart(compareDistributions(teacher, student, 2, 2), texts, names);
    await expect(renderSvg(hot, 390, chartHeight(2))).toMatchFileSnapshot(
      './__snapshots__/next-token-hot-phone.svg',
    );
  });
});
