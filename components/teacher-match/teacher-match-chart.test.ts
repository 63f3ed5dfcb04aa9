// The side-by-side's charts from the matches measured on the fixture's window and the shipped cards' record: each
// model's perplexity measured beside recorded on a log axis (whole, and with one model scored so far), and the
// recorded training curves with their sentence and table.
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { curveColumns, curveRows, curvesChart, describeCurves } from './curves-chart';
import { matchRows } from './teacher-match';
import { matchChart, MEASURED, RECORDED } from './teacher-match-chart';
import { fullResult, lineup, recorded } from './test-lineup';

const rows = matchRows(fullResult, lineup, recorded);

describe('the side-by-side charts', () => {
  it('places every model on a log perplexity axis, measured beside recorded', async () => {
    const spec = matchChart(rows);
    expect(spec.x?.type).toBe('log');
    expect(spec.y?.domain).toEqual(rows.map((r) => r.label));
    expect(spec.color?.domain).toEqual([MEASURED, RECORDED]);
    await expect(renderSvg(spec, 640, 320)).toMatchFileSnapshot('./__snapshots__/teacher-match.svg');
    // Only the teacher scored so far: every row keeps its place, scratch's record already shown.
    const partial = matchRows({ ...fullResult, models: fullResult.models.slice(0, 1) }, lineup, recorded);
    await expect(renderSvg(matchChart(partial), 390, 320)).toMatchFileSnapshot(
      './__snapshots__/teacher-match-partial-phone.svg',
    );
  });

  it('draws the recorded curves, says where they start and end, and tabulates them', async () => {
    expect(describeCurves(recorded, lineup)).toBe(
      'Validation loss (nats/token) against training tokens seen, as the training scripts recorded it. The pruned ' +
        "model, healing from the teacher's weights, is at 3.81 after the first 0.819 M tokens and ends its run at " +
        '3.00 after 9.83 M tokens. By then the student distilled from random init is at 3.33 and the same shape ' +
        'from scratch at 3.42; they end at 2.95 and 3.00 after 49.2 M tokens. The teacher (prose-target) reached ' +
        '2.79 after 81.9 M tokens.',
    );
    // Curves that start after the pruned run ends have no value "by then": the sentence leaves that clause out.
    const later = {
      ...recorded,
      curves: recorded.curves.map((c) =>
        c.key === 'student' || c.key === 'scratch'
          ? { ...c, points: c.points.filter((p) => p.tokens > 1e7) }
          : c,
      ),
    };
    expect(describeCurves(later, lineup)).toContain(
      'after 9.83 M tokens. The student distilled from random init and the same shape from scratch end at 2.95 and ' +
        '3.00 after 49.2 M tokens.',
    );
    expect(curveColumns(recorded, lineup)).toHaveLength(5);
    const table = curveRows(recorded);
    // The teacher's 50 evaluations (every 1.64 M tokens, the student's and scratch's among them up to 49.2 M), and
    // the pruned model's 6 in between (every 0.819 M tokens while healing, up to 9.83 M).
    expect(table).toHaveLength(56);
    expect(table[0]).toEqual(['0.8192', '', '3.807', '', '']);
    expect(table.at(-1)).toEqual(['81.92', '2.787', '', '', '']);
    await expect(renderSvg(curvesChart(recorded, lineup), 640, 280)).toMatchFileSnapshot(
      './__snapshots__/training-curves.svg',
    );
  });
});
