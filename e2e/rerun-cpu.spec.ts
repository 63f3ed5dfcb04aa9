// Sliders drive the engine: lesson 1's decode breakdown on the CPU fallback measures itself as soon as the device is
// known, measures again when a control moves, and stops doing so when the reader switches re-running off.
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

test('a measured widget re-runs when a slider moves, until the reader switches that off', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/lessons/prefill-decode/?breakdown.size=xs&breakdown.S=16');
  const widget = page.locator('[data-widget="decode-breakdown"]');
  await widget.scrollIntoViewIfNeeded();
  const caption = widget.locator('caption');
  const cached = (n: number) => new RegExp(`^One decode step after ${n} cached tokens`);

  // No press: one step is measured once the engine knows the device.
  await expect(caption).toHaveText(cached(16), { timeout: 60_000 });

  const slider = widget.getByRole('slider', { name: 'Cached tokens' });
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/breakdown\.S=32/);
  await expect(caption).toHaveText(cached(32), { timeout: 60_000 });

  const rerun = widget.getByRole('checkbox', { name: 'Re-run when a control moves' });
  await rerun.uncheck();
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/breakdown\.S=64/);
  // The result on screen belongs to 32 cached tokens: it stays, dimmed, and nothing runs.
  await expect(widget.locator('.results.stale')).toBeVisible();
  await page.waitForTimeout(1_500);
  await expect(caption).toHaveText(cached(32));
  await expect(widget.getByRole('button', { name: 'Cancel' })).toBeDisabled();

  await widget.getByRole('button', { name: 'Measure one decode step' }).click();
  await expect(caption).toHaveText(cached(64), { timeout: 60_000 });
  await expect(widget.locator('.results.stale')).toHaveCount(0);

  // The switch is the reader's, for every widget and page: it is still off after a reload.
  await page.reload();
  await expect(widget.getByRole('checkbox', { name: 'Re-run when a control moves' })).not.toBeChecked();
});
