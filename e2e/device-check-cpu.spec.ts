// The home page's device check without WebGPU: it says so and measures the CPU fallback instead.
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

test('reports no WebGPU and measures the CPU @phone', async ({ page }) => {
  await page.goto('/');
  const check = page.locator('[data-widget="device-check"]');
  await check.scrollIntoViewIfNeeded();
  await expect(check.getByText('CPU (JavaScript), no WebGPU')).toBeVisible({ timeout: 30_000 });
  await expect(check.getByText(/The lessons' live engine will run on the CPU instead/)).toBeVisible();
  await check.getByRole('button', { name: 'Measure my device' }).click();
  await expect(check.getByText('Arithmetic (JS, f64 scalar)')).toBeVisible({ timeout: 60_000 });
  await expect(check.getByText(/^On this CPU, an operation needs about/)).toBeVisible();
});
