// Lesson 1's measured roofline with WebGPU unavailable: the CPU's own roof (copy rate and JavaScript arithmetic)
// and the CPU backend's ops, timed on the wall clock.
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { MeasuredRoofline, stepIntensity } from './pages/measured-roofline';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

test('measures the CPU fallback: its own roof and its ops @phone', async ({ page }) => {
  test.setTimeout(120_000);
  const roofline = new MeasuredRoofline(page);
  await roofline.open('?mroof.size=xs&mroof.T=32');
  await roofline.button().click();
  await roofline.measured();
  await expect(roofline.chart()).toHaveAttribute(
    'aria-label',
    new RegExp(
      `^Measured on the CPU \\(wall clock\\): the 32-token prefill does ${stepIntensity('xs', 0, 32)} FLOP/byte .*` +
        `the decode step does ${stepIntensity('xs', 32, 1)} FLOP/byte`,
    ),
  );
  await expect(roofline.readout('Your arithmetic (JS, f64)')).toHaveText(/^[\d.,]+ [kMGT]?FLOP\/s$/);
  await expect(
    roofline.root.getByText(
      /Solid\s+line: your device's roof, from its measured copy bandwidth \(between two 67\.1 MB arrays, past most processors' last-level cache, so main memory\) and JavaScript arithmetic rate/,
    ),
  ).toBeVisible();
  await expect(roofline.rows('decode').filter({ hasText: 'matmul' }).first()).toBeAttached();
});
