// The home page's live figure with WebGPU unavailable: the shipped target prefills 128 tokens and decodes one on the
// CPU backend; both whole steps are drawn on the CPU's measured roof, and the readout's figures agree with each
// other and with the intensities counted for the model's own shape.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { firstNumber } from './pages/engine-lesson';
import { formatNumber } from '../components/charts/format';
import { parseConfig, stepOpCounts, sumCosts } from '../engine/index';

test.use({ launchOptions: cpuOnlyLaunchOptions });

const config = parseConfig(JSON.parse(readFileSync('public/models/prose-target/config.json', 'utf8')));

/** A whole step's counted intensity (FLOP/byte) as the widget formats it. */
function intensity(cached: number, newTokens: number): string {
  const totals = sumCosts(stepOpCounts(config, [{ cached, newTokens }], 1));
  return `${formatNumber(totals.flops / totals.bytes)} FLOP/byte`;
}

/** Milliseconds in a formatted time ("812 µs", "1.2 s"). */
function millis(text: string | null): number {
  const unit = /(µs|ms|s)$/.exec(text ?? '')![1]!;
  return firstNumber(text) * { µs: 1e-3, ms: 1, s: 1e3 }[unit]!;
}

test('runs the two phases of the shipped model on the CPU', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/');
  const root = page.locator('[data-widget="two-phases"]');
  await root.scrollIntoViewIfNeeded();
  const button = root.getByRole('button', { name: 'Run prefill and decode' });
  await expect(button).toBeEnabled({ timeout: 30_000 });
  await button.click();
  await expect(root.locator('svg[aria-label]').first()).toBeVisible({ timeout: 120_000 });
  await expect(root.locator('svg[aria-label]').first()).toHaveAttribute(
    'aria-label',
    /^Measured on the CPU \(wall clock\): the 128-token prefill does/,
  );
  const readout = (label: string) => root.locator('.readout div', { hasText: label }).locator('.value');
  await expect(readout('Prefill intensity')).toHaveText(intensity(0, 128));
  await expect(readout('Decode intensity')).toHaveText(intensity(128, 1));
  const prefill = millis(await readout('Prefill, 128 tokens').textContent());
  const perToken = millis(await readout('Prefill per token').textContent());
  const decode = millis(await readout('Decode step, one token').textContent());
  const ratio = firstNumber(await readout('Decode ÷ prefill, per token').textContent());
  // Each figure is shown to three significant figures, so they agree within 1 % and their quotient within 2 %.
  expect(Math.abs(perToken / (prefill / 128) - 1)).toBeLessThan(0.01);
  expect(Math.abs(ratio / (decode / perToken) - 1)).toBeLessThan(0.02);
  // One token's step costs more than a prompt token's share of the prefill, on any device.
  expect(ratio).toBeGreaterThan(1);
  await expect(root.locator('p.summary')).toContainText('On the CPU, prose-target prefilled 128 tokens');
  await expect(root.locator('tbody tr', { hasText: 'decode' }).first()).toBeAttached();
});
