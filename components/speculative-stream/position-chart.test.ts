// The position chart, its summary and table on the sample verifications: the rejected ‘ same’ with the residual
// ‘ fortune’ was drawn from, the accepted ‘ man’, and the bonus ‘\n’ (p alone), with saved SVGs at desktop and phone
// width.
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import {
  bandsOf,
  chartHeight,
  describePosition,
  positionChart,
  tableColumns,
  tableRows,
} from './position-chart';
import { SAMPLE_STEPS } from './sample-steps';
import { chosenPosition } from './stream-items';

const rejected = chosenPosition(SAMPLE_STEPS, { step: 0, position: 1 });
const accepted = chosenPosition(SAMPLE_STEPS, { step: 1, position: 0 });
const bonus = chosenPosition(SAMPLE_STEPS, { step: 1, position: 2 });

describe('the position chart', () => {
  it('names the drafted, resampled and bonus tokens and tables every series the position has', () => {
    expect(tableColumns(rejected)).toEqual([
      'Token',
      'p (target)',
      'q (draft)',
      'residual, max(p − q, 0) normalised',
    ]);
    expect(tableRows(rejected)).toEqual([
      ['␣fortune (resampled)', '50 %', '10 %', '66.7 %'],
      ['␣wife', '30 %', '10 %', '33.3 %'],
      ['␣same (drafted, rejected)', '15 %', '60 %', '0 %'],
      ['all other tokens', '5 %', '20 %', '0 %'],
    ]);
    expect(tableColumns(bonus)).toEqual(['Token', 'p (target)']);
    expect(tableRows(bonus)).toEqual([
      ['↵ (bonus)', '70 %'],
      ['␣and', '20 %'],
      ['all other tokens', '10 %'],
    ]);
    expect(tableRows(accepted)[0]).toEqual(['␣man (drafted, accepted)', '90 %', '80 %']);
  });

  it('leaves the residual the bars do not hold to the other tokens', () => {
    const { positions } = SAMPLE_STEPS[0]!;
    const half = positions[1]!.bars.map((bar) => ({ ...bar, residual: bar.residual! / 2 }));
    const cut = { ...rejected, view: { ...positions[1]!, bars: half } };
    expect(bandsOf(cut).at(-1)).toEqual({
      id: -1,
      label: 'all other tokens',
      p: 0.05,
      q: 0.2,
      residual: 0.5,
    });
  });

  it('says what the chart shows', () => {
    expect(describePosition(rejected)).toBe(
      "At the position of the drafted ‘␣same’: the draft's probability q and the target's p of the 3 tokens " +
        'either finds most likely, and of all others together, with the residual max(p − q, 0) normalised, ' +
        'from which ‘␣fortune’ was drawn.',
    );
    expect(describePosition(bonus)).toBe(
      "The target's probability p of the 2 tokens it finds most likely at the bonus position, and of all " +
        'others together; ‘↵’ was sampled from it.',
    );
  });

  it('draws a bar per series for each token, the focus shaded', async () => {
    const spec = positionChart(rejected);
    expect(spec.fy?.domain).toEqual([11, 12, 9, -1]);
    expect(spec.color?.domain).toHaveLength(3);
    await expect(renderSvg(spec, 640, chartHeight(rejected))).toMatchFileSnapshot(
      './__snapshots__/position-rejected.svg',
    );
    await expect(renderSvg(positionChart(bonus), 390, chartHeight(bonus))).toMatchFileSnapshot(
      './__snapshots__/position-bonus-phone.svg',
    );
  });
});
