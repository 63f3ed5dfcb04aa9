// Lesson 4's widgets on the trained model's own weights, with WebGPU unavailable (they compute on the CPU in the
// engine's worker on any device): the weight grid draws by itself once the device is known, and the activation
// outliers draw when run, say whether the trained model has outliers, and show a planted one raising the per-tensor
// int8 error while the model's logits stay the same.
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { QuantizationLayers } from './pages/quantization-layers';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

const percent = async (text: Promise<string | null>) => Number((await text)!.replace(/[^\d.]/g, ''));

test('quantizes a real layer and plants an outlier that breaks per-tensor int8 @phone', async ({ page }) => {
  test.setTimeout(180_000);
  const lesson = new QuantizationLayers(page);
  await lesson.open('?wgrid.layer=1&wgrid.tensor=gate&wgrid.bits=3&wgrid.group=64');

  const grid = await lesson.find('weight-grid');
  await lesson.drawn(grid, 'weight-grid');
  await expect(lesson.chart(grid, 0)).toHaveAttribute(
    'aria-label',
    /^The first 64 weights of row 0 of layer 1's MLP gate projection in int3 g64: 7 levels [\d.]+ apart/,
  );
  await expect(lesson.chart(grid, 1)).toHaveAttribute(
    'aria-label',
    /^The tensor's 1,024 rows of 384 weights/,
  );
  await expect(grid.locator('tr.chosen td').first()).toHaveText('int3 g64 (shown)');
  // Moving a control re-runs by itself: one scale per row instead of per 64 weights.
  await grid.getByRole('combobox', { name: 'Group' }).selectOption('row');
  await expect(lesson.chart(grid, 0)).toHaveAttribute('aria-label', /in int3 per channel: 7 levels/, {
    timeout: 60_000,
  });

  const outliers = await lesson.find('activation-outliers');
  await outliers.getByRole('button', { name: 'Run the prompt' }).click();
  await lesson.drawn(outliers, 'activation-outliers');
  await expect(outliers.getByText(/^In prose-target as trained, /)).toBeVisible();
  await expect(lesson.chart(outliers, 0)).toHaveAttribute(
    'aria-label',
    /^Max \|x\| of each of the 384 channels of layer 2's attention input over \d+ tokens/,
  );
  const plain = await percent(lesson.figure(outliers, 'Error, int8 per tensor').textContent());

  await outliers.getByRole('switch', { name: 'Plant an outlier' }).check();
  await expect(outliers.getByText(/^Planting channel 220 ×20 makes its max \|x\| /)).toBeVisible({
    timeout: 60_000,
  });
  await expect(
    outliers.getByText(/yet the logits change by [\d.]+ × 10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+ of their largest/),
  ).toBeVisible();
  const planted = await percent(lesson.figure(outliers, 'Error, int8 per tensor').textContent());
  expect(planted).toBeGreaterThan(4 * plain);
  await expect(lesson.chart(outliers, 0)).toHaveAttribute(
    'aria-label',
    /reach(?:es)? the threshold of 6 \(channels?(?: \d+,)*(?: \d+ and)? 220\b/,
  );
  expect(lesson.param('outl.plant')).toBe('1');

  // The down projection's input, which no normalisation rescales, has outliers of its own; the run follows the choice.
  await outliers.getByRole('switch', { name: 'Plant an outlier' }).uncheck();
  await outliers.getByLabel('Input of').selectOption('down');
  await expect(
    outliers.getByText(
      /^In prose-target as trained, [\d,]+ channels? of layer 2's down projection input reach/,
    ),
  ).toBeVisible({ timeout: 60_000 });
  await expect(lesson.chart(outliers, 0)).toHaveAttribute(
    'aria-label',
    /^Max \|x\| of each of the 1,024 channels of layer 2's down projection input over \d+ tokens/,
  );
  expect(lesson.param('outl.site')).toBe('down');
});
