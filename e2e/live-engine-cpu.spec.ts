// The live engine widget in lesson 1 with WebGPU unavailable: the CPU backend, with a notice.
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { LiveEngine } from './pages/live-engine';
import { MeasuredSweep } from './pages/measured-sweep';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

test('falls back to the CPU with a notice, and still runs @phone', async ({ page }) => {
  const live = new LiveEngine(page);
  await live.open('?live.size=xs&live.tokens=6');
  await expect(live.root.getByText('Running on the CPU.')).toBeVisible();
  await live.run(6);
  await expect(live.backend()).toHaveText('CPU (JavaScript)');
  await expect(live.root.getByText(/[\d.]+ tokens\/s/)).toBeVisible();
  await expect(live.root.getByRole('combobox', { name: 'Model' }).locator('option')).toHaveCount(3);
});

test('the trained model runs on the CPU fallback too', async ({ page }) => {
  const live = new LiveEngine(page);
  await live.open('?live.size=prose-target&live.tokens=8&live.temp=0');
  await live.run(8);
  await expect(live.backend()).toHaveText('CPU (JavaScript)');
  await expect(live.generated()).toHaveText(/\b[a-z]{3,}\b/);
});

test('clamps a model size the CPU cannot run, with a note', async ({ page }) => {
  const live = new LiveEngine(page);
  await live.open('?live.size=xxl');
  await expect(live.root.getByText(/cannot run here \(too slow for the CPU fallback\); using/)).toBeVisible();
  await expect(live.root.getByRole('combobox', { name: 'Model' })).toHaveValue('s');
});

test('the batch sweep is measured on the CPU fallback', async ({ page }) => {
  const sweep = new MeasuredSweep(page);
  await sweep.measure('?msweep.size=xs&msweep.B=4');
  await expect(sweep.rows()).toHaveCount(3);
  await expect(sweep.root.getByText(/^Measured on the CPU: batch 1 takes/)).toBeVisible();
  await expect(sweep.rows().last().locator('td').nth(4)).toHaveText(/^[\d.,]+$/);
});
