import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { testRates } from '../testing/device-rates';
import { formatSpeedChart, MEASURED, PREDICTED } from './format-speed-chart';
import { formatPoint, formatSizes, SPEED_FORMATS } from './format-speed';

const config = formatSizes().find((s) => s.id === 'l')!.config;
const rates = testRates(400e9, 10e12);
const point = (id: string, ms: number) =>
  formatPoint(
    config,
    SPEED_FORMATS.find((f) => f.id === id)!,
    16,
    ms / 1e3,
    rates,
  );
// Round times, fewest bytes first as the run delivers them.
const points = [
  point('int4-g128', 0.9),
  point('int4-g32', 1),
  point('int8', 1.5),
  point('f16', 2.4),
  point('f32', 4.5),
];
const names = SPEED_FORMATS.map((f) => f.name);

describe('decode speed per format chart', () => {
  it('draws a bar per format, most bytes first, with the analytic step marked', () => {
    const spec = formatSpeedChart(points);
    expect(spec.y?.domain).toEqual(names);
    expect(spec.color?.domain).toEqual([MEASURED, PREDICTED]);
    expect(spec.color?.legend).toBe(true);
    // Without the device's rates there is nothing to mark and no legend.
    const bare = points.map(({ predictedSeconds: _p, shareOfCopy: _s, ...rest }) => rest);
    expect(formatSpeedChart(bare).color?.legend).toBe(false);
  });

  it('renders the saved SVGs: measured beside predicted at the page’s and a phone’s width, and streaming in', async () => {
    await expect(renderSvg(formatSpeedChart(points), 640, 300)).toMatchFileSnapshot(
      './__snapshots__/format-speed.svg',
    );
    const phone = renderSvg(formatSpeedChart(points), 390, 300);
    expect(phone).toContain('analytic (from measured bandwidth)');
    await expect(phone).toMatchFileSnapshot('./__snapshots__/format-speed-phone.svg');
    // Two formats measured so far: every row keeps its place.
    await expect(renderSvg(formatSpeedChart(points.slice(0, 2), names), 390, 300)).toMatchFileSnapshot(
      './__snapshots__/format-speed-partial-phone.svg',
    );
  });
});
