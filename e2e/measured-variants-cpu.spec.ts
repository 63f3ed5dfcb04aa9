// Lesson 3's measured widgets with WebGPU unavailable: the CPU fallback clamps sizes and contexts with a note,
// measures, and stops a run on Cancel, keeping what it measured.
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { MeasuredVariants } from './pages/measured-variants';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

test('clamps to what a CPU runs, measures, and cancels @phone', async ({ page }) => {
  test.setTimeout(180_000);
  const heads = new MeasuredVariants(page, 'kv-head-variants');
  await heads.open('?kvheads.size=kv-l&kvheads.S=4096');
  await expect(heads.root.getByText('Running on the CPU.')).toBeVisible();
  await expect(
    heads.root.getByText('The kv-l model cannot run here (too slow for the CPU fallback); using kv-s.'),
  ).toBeVisible();
  await expect(heads.status()).toHaveText('On the CPU the context stops at 512 tokens.');
  // The model control shows the model that runs.
  await expect(heads.root.getByLabel('Model')).toHaveValue('kv-s');

  await heads.open('?kvheads.size=kv-s&kvheads.S=32');
  await heads.measureButton().click();
  await heads.measured();
  await expect(heads.summary()).toHaveText(
    /^Measured on the CPU at 32 tokens of context: MHA, K = 8 holds 393 kB of keys and values, MQA, K = 1 49\.2 kB/,
  );

  const savings = new MeasuredVariants(page, 'kv-savings');
  await savings.open('?kvsave.size=kv-s&kvsave.S=512&kvsave.W=64');
  await savings.measureButton().click();
  await savings.root
    .locator('.status-line', { hasText: 'window of 64 (2 of 3)' })
    .waitFor({ timeout: 60_000 });
  await savings.cancelButton().click();
  // The third variant is short: on a quick machine it can finish between the status above and the click.
  await expect(savings.status()).toHaveText(
    /^Cancelled: [1-3] of 3 variants measured; their results are shown\.$/,
  );
  await expect(savings.root.locator('svg[aria-label]')).toHaveCount(2);
  await expect(savings.summary()).toHaveText(
    /^Measured on the CPU from 64 to 512 tokens of context\. Full attention: /,
  );
});
