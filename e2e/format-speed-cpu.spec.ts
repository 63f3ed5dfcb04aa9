// Lesson 4's decode speed per weight format with WebGPU unavailable: the CPU fallback offers only the small sizes,
// loads the model in every format, decodes packed weights too, and shows each format measured beside its
// analytic step.
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { FormatSpeed } from './pages/format-speed';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

test('measures every format of the smallest model on the CPU @phone', async ({ page }) => {
  const speed = new FormatSpeed(page);
  await speed.open('?fspeed.size=l&fspeed.steps=2');
  await expect(speed.root.getByText('Running on the CPU.')).toBeVisible();
  await expect(
    speed.root.getByText('The l model cannot run here (too slow for the CPU fallback); using s.'),
  ).toBeVisible();

  await speed.open('?fspeed.size=xs&fspeed.steps=2');
  await expect(speed.root.getByLabel('Model size')).toHaveValue('xs');
  await speed.measureButton().click();
  await speed.measured();
  await expect(speed.chart()).toHaveAttribute(
    'aria-label',
    /^Measured on the CPU, one sequence, batch-1 decode steps: f32 [\d.]+ [mµ]s \([\d.]+ MB per step, [\d.]+ % of the copy bandwidth\); f16 .*; int4 g128 [\d.]+ [mµ]s /,
  );
  await expect(speed.rows()).toHaveCount(5);
  await expect(speed.rows().first().locator('td').first()).toHaveText('f32');
  await expect(speed.rows().last().locator('td').nth(1)).toHaveText('4.13');
  await expect(speed.readout('Copy bandwidth')).toHaveText(/^[\d.,]+ [kMGT]?B\/s$/);
  await expect(speed.readout('int4 g128 over f16')).toHaveText(/^×[\d.]+$/);
  await expect(speed.root.getByText('analytic (from measured bandwidth)').first()).toBeAttached();
});
