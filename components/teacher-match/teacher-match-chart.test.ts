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
      'Validation loss (nats/token) against training tokens seen, as the training scripts recorded it. After the ' +
        "first 1.64 M tokens, the pruned model healing from the teacher's weights is at 3.46, the student " +
        'distilled from random init at 5.28 and the same shape from scratch at 5.34. After 49.2 M tokens they end ' +
        'at 2.96, 3.02 and 3.06; the teacher (prose-target) reached 2.89 after 81.9 M tokens.',
    );
    expect(curveColumns(recorded, lineup)).toHaveLength(5);
    const table = curveRows(recorded);
    expect(table).toHaveLength(50); // the teacher's evaluations; the others' every 1.64 M tokens up to 49.2 M
    expect(table[0]).toEqual(['1.638', '5.56', '3.457', '5.275', '5.336']);
    expect(table.at(-1)).toEqual(['81.92', '2.893', '', '', '']);
    await expect(renderSvg(curvesChart(recorded, lineup), 640, 280)).toMatchFileSnapshot(
      './__snapshots__/training-curves.svg',
    );
  });
});
