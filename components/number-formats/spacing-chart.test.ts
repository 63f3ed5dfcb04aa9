import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import { describeSpacing, spacingChart, spacingOf, spacingRows } from './spacing-chart';

const format = (id: analytic.NumberFormatId) => analytic.numberFormatById(id);
const int8 = format('int8') as analytic.IntFormat;

describe('the gap against magnitude', () => {
  it('doubles at every power of two in e4m3, from 2⁻⁹ to 32', () => {
    const s = spacingOf(format('fp8-e4m3'), Math.PI);
    expect(describeSpacing(s)).toBe(
      'In fp8 e4m3 the gap between neighbours is 2⁻⁹ ≈ 0.001953 below 2⁻⁶ ≈ 0.01563 (subnormals), then doubles at every power of two, up to 32 between 256 and 448; relative to the value it stays between 6.25 % and 12.5 %. At 3.141593 the gap is 2⁻² = 0.25.',
    );
    expect(spacingRows(s).at(-1)).toEqual(['256', '448', '32']);
  });

  it('stays the step in int8', () => {
    const s = spacingOf(int8, 0.5, analytic.intScale(int8, 4));
    expect(describeSpacing(s)).toBe(
      'In int8 every neighbour is 0.0315 from the next, from 0.0315 to 4: relative to the value, the gap shrinks from 100 % at the smallest to 0.787 % at the largest. At 0.5 the gap is 0.0315.',
    );
    expect(describeSpacing(spacingOf(int8, 9, analytic.intScale(int8, 4)))).toMatch(
      /9 lies outside that range\.$/,
    );
  });

  it('renders the saved SVGs', async () => {
    await expect(renderSvg(spacingChart(spacingOf(format('fp8-e4m3'), Math.PI)))).toMatchFileSnapshot(
      './__snapshots__/spacing-e4m3-pi.svg',
    );
    await expect(
      renderSvg(spacingChart(spacingOf(int8, 0.5, analytic.intScale(int8, 4)))),
    ).toMatchFileSnapshot('./__snapshots__/spacing-int8-absmax-4.svg');
    await expect(renderSvg(spacingChart(spacingOf(format('bf16'), Math.PI)))).toMatchFileSnapshot(
      './__snapshots__/spacing-bf16-pi.svg',
    );
  });
});
