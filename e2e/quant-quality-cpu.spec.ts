// Lesson 4's quality widget with WebGPU unavailable: the CPU fallback scores one held-out window per scheme with a
// notice, measures the schemes in turn, and keeps those scored when cancelled, f32 beside the PyTorch reference.
// Kept cheap for CI: it cancels once the third scheme is loading.
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { QuantQuality, reference } from './pages/quant-quality';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

test('scores one window per scheme on the CPU, streams the schemes in, and keeps them on Cancel @phone', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const quality = new QuantQuality(page);
  await quality.open('?qq.windows=8');
  await expect(quality.root.getByText('Running on the CPU.')).toBeVisible();
  await expect(
    quality.root.getByText(/only one window of 256 tokens is scored per scheme \(a GPU scores up to 8\)/),
  ).toBeVisible();
  await expect(quality.status()).toHaveText('On the CPU each scheme scores one window.');
  await expect(quality.windows()).toHaveValue('8');

  await quality.measureButton().click();
  // The first schemes land one by one while the rest wait their turn.
  await expect(quality.status()).toContainText('int8 per channel (3 of 12)', { timeout: 150_000 });
  await expect(quality.chart()).toBeVisible();
  await quality.cancelButton().click();
  await expect(quality.status()).toHaveText(
    /^Cancelled: [23] of 12 schemes measured; their results are shown\.$/,
    {
      timeout: 60_000,
    },
  );
  await expect(quality.chart()).toHaveAttribute(
    'aria-label',
    /^Measured on the CPU, one window of 256 held-out tokens \(255 predictions per scheme\): f32 scores a perplexity of [\d.]+ /,
  );

  // One window: the reference's first-window scores stand beside the measurements, and agree.
  const rows = await quality.rows();
  expect(rows.slice(0, 2).map((r) => r[0])).toEqual(['f32', 'f16']);
  const [f32] = rows;
  const pytorch = reference.schemes.find((s) => s.scheme === 'f32')!.perplexity;
  expect(f32![6]).toBe('255');
  expect(Number(f32![7])).toBeCloseTo(pytorch, 1);
  expect(Math.abs(Number(f32![4]) / pytorch - 1)).toBeLessThan(1e-3);

  // The chart fits the phone's width.
  const box = await quality.chart().boundingBox();
  expect(box!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
});
