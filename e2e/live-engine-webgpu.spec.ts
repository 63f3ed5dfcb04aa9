// The live engine widget in lesson 1 on WebGPU (SwiftShader in CI).
import { expect, test } from './fixtures';
import { LiveEngine } from './pages/live-engine';
import { MeasuredSweep } from './pages/measured-sweep';

test('the synthetic model prefills and decodes on the GPU, streaming its tokens', async ({ page }) => {
  const live = new LiveEngine(page);
  await live.open('?live.size=xs&live.tokens=6');
  await live.run(6);
  await expect(live.backend()).toHaveText('WebGPU (google swiftshader)');
  await expect(live.root.getByText(/\d+ tokens in [\d.]+ [mµ]?s/)).toBeVisible();
  await expect(live.root.getByText(/[\d.]+ tokens\/s/)).toBeVisible();
  await expect(live.root.getByText('Running on the CPU.')).toHaveCount(0);
  const prompt = await live.root.getByRole('textbox', { name: /Prompt/ }).inputValue();
  expect((await live.output().innerText()).length).toBeGreaterThan(prompt.length);
});

test('the trained model downloads with progress and writes English on the GPU', async ({ page }) => {
  test.setTimeout(180_000); // SwiftShader compiles and runs a 10 M-parameter model slowly
  const live = new LiveEngine(page);
  await live.open('?live.size=prose-target&live.tokens=6&live.temp=0');
  await live.run(6, 150_000);
  await expect(live.backend()).toHaveText('WebGPU (google swiftshader)');
  await expect(live.generated()).toHaveText(/\b[a-z]{3,}\b/);
  await live.root.getByRole('link', { name: 'About prose-target' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'prose-target' })).toBeVisible();
});

test('the batch sweep is measured on the GPU, one row per batch size', async ({ page }) => {
  // SwiftShader compiles the prefill's matmul pipelines slowly; a real GPU takes a fraction of a second.
  test.setTimeout(150_000);
  const sweep = new MeasuredSweep(page);
  await sweep.measure('?msweep.size=xs&msweep.B=2');
  await expect(sweep.rows()).toHaveCount(2);
  await expect(sweep.root.locator('svg[aria-label]').first()).toHaveAttribute(
    'aria-label',
    /^Measured on this GPU: batch 1 takes [\d.]+ [mµ]?s per step/,
  );
  // Beside each measured step, the analytic model's prediction from this device's measured bandwidth and peak.
  await expect(
    sweep.root.getByText(/the analytic model predicts [\d.]+ [mµn]?s per step at batch 1/),
  ).toBeVisible();
  await expect(sweep.rows().first().locator('td').nth(2)).toHaveText(/^[\d.]+ [mµn]?s$/);
});

test('one decode step is broken down by op kind, bytes counted and time measured', async ({ page }) => {
  test.setTimeout(270_000);
  await page.goto('/lessons/prefill-decode/?breakdown.size=xs&breakdown.S=16');
  const widget = page.locator('[data-widget="decode-breakdown"]');
  await widget.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island', { has: widget })).not.toHaveAttribute('ssr', { timeout: 15_000 });
  const summary = widget.getByText(/^This decode step moves [\d.]+ [kM]B: weights \d+ %/);
  // One step is quick: it is measured as soon as the device is known, without a press.
  await expect(summary).toBeVisible({ timeout: 120_000 });
  const button = widget.getByRole('button', { name: 'Measure one decode step' });
  await expect(button).toBeEnabled({ timeout: 30_000 });
  await button.click();
  await expect(summary).toBeVisible({ timeout: 120_000 });
  // One row per op kind that some dispatch is counted as; fused kernels count as their heaviest op's kind.
  await expect(widget.locator('tbody tr')).not.toHaveCount(0);
  await expect(widget.locator('tbody tr').filter({ hasText: 'matmul' })).toHaveCount(1);
});
