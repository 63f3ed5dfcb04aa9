// The home page's device check, on WebGPU (SwiftShader in CI); its numbers there are not performance.
import { expect, seriousViolations, test } from './fixtures';

test('measures this device and explains its ridge point', async ({ page }) => {
  await page.goto('/');
  const check = page.locator('[data-widget="device-check"]');
  await check.scrollIntoViewIfNeeded();
  await expect(check.getByText('WebGPU: google · swiftshader')).toBeVisible({ timeout: 30_000 });
  await check.getByRole('button', { name: 'Measure my device' }).click();
  await expect(check.getByText(/^[\d.,]+ [kMGT]?B\/s$/)).toBeVisible({ timeout: 60_000 });
  await expect(check.getByText(/^[\d.,]+ [kMGT]?FLOP\/s$/)).toBeVisible();
  await expect(check.getByText(/On this GPU, an operation needs about [\d.,]+ FLOPs per byte/)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.reload();
  await check.scrollIntoViewIfNeeded();
  await expect(check.getByRole('button', { name: 'Measure my device' })).toBeEnabled({ timeout: 30_000 });
  await check.getByRole('button', { name: 'Measure my device' }).click();
  await expect(check.getByRole('button', { name: 'Measured' })).toBeVisible({ timeout: 5_000 });
});
