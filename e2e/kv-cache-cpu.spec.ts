// Lesson 2's live widgets with WebGPU unavailable: the memory map and the step-time sweep run on the CPU backend,
// with a notice, and the sweep is clamped to what a CPU does interactively.
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { KvCacheLesson } from './pages/kv-cache';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

test('the memory map fills on the CPU fallback, with a notice @phone', async ({ page }) => {
  const lesson = new KvCacheLesson(page);
  await lesson.open('?kvmap.block=4&kvmap.tokens=6');
  const map = await lesson.memoryMap();
  await expect(map.root.getByText('Running on the CPU.')).toBeVisible({ timeout: 30_000 });
  await lesson.press(map, 'Generate and watch the cache');
  await expect(map.root.getByText('Done: 6 tokens generated.')).toBeVisible({ timeout: 90_000 });
  // The chart draws a frame after the text around it: wait until its label tells the last token's state.
  await expect(map.root.locator('.plot-chart[data-pending]')).toHaveCount(0);
  const summary = (await map.chart().getAttribute('aria-label')) ?? '';
  const [, held, prompt] = summary
    .match(/^The cache holds (\d+) tokens \((\d+) from the prompt\)/)!
    .map(Number);
  expect(held).toBe(prompt! + 5);
  await expect(lesson.figure(map, 'Blocks held')).toHaveText(`${Math.ceil(held! / 4)} of 64`);
  // The map is drawn within the phone's width.
  const box = await map.chart().boundingBox();
  expect(box!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
});

test('the step-time sweep offers only the small model on the CPU, clamps its context, and can be cancelled', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const lesson = new KvCacheLesson(page);
  await lesson.open('?ctime.S=2048');
  const time = await lesson.stepTime();
  await expect(
    time.root.getByText('The kv-m model cannot run here (too slow for the CPU fallback); using kv-s.'),
  ).toBeVisible({ timeout: 30_000 });
  await expect(time.root.getByText(/the sweep stops at 1,024 tokens \(not 2,048\)/)).toBeVisible();
  await expect(time.select('Model').locator('option')).toHaveCount(1);

  await lesson.press(time, 'Measure on this device');
  await time.root.getByRole('button', { name: 'Cancel' }).click();
  await expect(time.root.getByText(/^Cancelled: \d+ of 9 contexts measured\.$/)).toBeVisible({
    timeout: 60_000,
  });

  await time.field('Longest context').fill('128');
  await time.field('Longest context').press('Enter');
  await lesson.press(time, 'Measure on this device');
  await expect(time.root.locator('tbody tr')).toHaveCount(3, { timeout: 90_000 });
  await expect(time.chart()).toHaveAttribute('aria-label', /^Measured on the CPU: a decode step takes/);
});
