import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import { describeNumberGrid, gridRows, numberGrid, numberGridChart } from './number-grid-chart';

const format = (id: analytic.NumberFormatId) => analytic.numberFormatById(id);
const int8 = format('int8') as analytic.IntFormat;

describe('the grid around π in fp8 e4m3', () => {
  const grid = numberGrid(format('fp8-e4m3'), Math.PI);

  it('holds 2.25 … 4 around it, stores it as 3.25 and says by how much', () => {
    expect(grid.values).toEqual([2.25, 2.5, 2.75, 3, 3.25, 3.5, 3.75, 4]);
    expect(grid.rounded.value).toBe(3.25);
    expect(describeNumberGrid(grid)).toBe(
      "fp8 e4m3 stores 3.141593 as the nearest of its numbers, 3.25 (code 0x45), off by +0.108, 3.45 % of the value; near it fp8 e4m3's numbers are 0.25 apart.",
    );
    expect(gridRows(grid).slice(3, 5)).toEqual([
      ['3', '0x44', '0.25', 'x lies between this and the next'],
      ['3.25', '0x45', '0.25', 'stored value'],
    ]);
  });

  it('renders the saved SVG', async () => {
    await expect(renderSvg(numberGridChart(grid), 640, 180)).toMatchFileSnapshot(
      './__snapshots__/number-grid-e4m3-pi.svg',
    );
  });
});

describe('the grid of int8 with absmax 1', () => {
  const grid = numberGrid(int8, 0.5, analytic.intScale(int8, 1));

  it('is uniform, 1/127 apart, and breaks the tie at 63.5 steps to 64', () => {
    expect(grid.values).toEqual([60, 61, 62, 63, 64, 65, 66, 67].map((q) => q / 127));
    expect(grid.gap).toBe(1 / 127);
    expect(grid.rounded.code).toBe(64);
  });

  it('renders the saved SVG', async () => {
    await expect(renderSvg(numberGridChart(grid), 640, 180)).toMatchFileSnapshot(
      './__snapshots__/number-grid-int8-half.svg',
    );
  });
});

describe('past the largest number', () => {
  it('saturates in e4m3 and overflows to ∞ in e5m2', () => {
    expect(describeNumberGrid(numberGrid(format('fp8-e4m3'), 500))).toBe(
      "500 is past fp8 e4m3's largest number and saturates to it: 448 (code 0x7E), off by −52, 10.4 % of the value.",
    );
    expect(describeNumberGrid(numberGrid(format('fp8-e5m2'), -70000))).toBe(
      "−70,000 is past fp8 e5m2's largest number, 57,344, and overflows to −∞ (code 0xFC).",
    );
  });

  it('says when a value is exact, or too small for any number but zero', () => {
    expect(describeNumberGrid(numberGrid(format('bf16'), 0.5))).toBe(
      "0.5 is one of bf16's numbers, stored exactly as code 0x3F00; near it bf16's numbers are 0.003906 apart.",
    );
    expect(describeNumberGrid(numberGrid(format('fp8-e4m3'), 0.0005))).toMatch(
      /^0.0005 is closer to zero than to fp8 e4m3's smallest number: it is stored as 0 \(code 0x00\)/,
    );
  });

  it('renders the saved SVG of an overflow', async () => {
    await expect(
      renderSvg(numberGridChart(numberGrid(format('fp8-e5m2'), 70000)), 640, 180),
    ).toMatchFileSnapshot('./__snapshots__/number-grid-e5m2-overflow.svg');
  });
});
