// Lesson 4, quantization: the reader reaches it from home, drives its analytic widgets with the keyboard, shares a
// link that restores them, gets a note for a value that is not allowed, and meets no accessibility violations. The
// widgets that run the engine have journeys of their own (quant-quality-cpu, format-speed-cpu,
// quantization-layers-cpu).
import { expect, seriousViolationsInBothSchemes, test } from './fixtures';
import { QuantizationLesson } from './pages/quantization';

const DEFAULT_FORMAT =
  "fp8 e4m3 stores 3.141593 as the nearest of its numbers, 3.25 (code 0x45), off by +0.108, 3.45 % of the value; near it fp8 e4m3's numbers are 0.25 apart.";
const DEFAULT_SERVING =
  /^Llama 2 70B on an NVIDIA H100 SXM \(80 GB\), 8 sequences of 4,096 tokens: bf16 needs 149 GB .* int4 g128 needs 47.1 GB and decodes 576 tokens\/s/;

test('home lists the lesson and it opens with its analytic widgets drawn @phone', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /Quantization/ }).click();
  await expect(page).toHaveURL(/\/lessons\/quantization\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quantization');
  const lesson = new QuantizationLesson(page);
  await expect((await lesson.formats()).chart()).toHaveAttribute('aria-label', DEFAULT_FORMAT);
  await expect((await lesson.serving()).chart()).toHaveAttribute('aria-label', DEFAULT_SERVING);
  await expect(page.getByRole('link', { name: /LLM\.int8\(\)/ }).first()).toBeVisible();
});

test('the formats and serving widgets follow their controls into the URL and back', async ({ page }) => {
  const lesson = new QuantizationLesson(page);
  await lesson.open();
  const formats = await lesson.formats();
  await formats.select('Format').selectOption('int8');
  await expect(formats.chart()).toHaveAttribute('aria-label', /^int8 stores 3.141593/);
  await expect.poll(() => lesson.param('fmt.format')).toBe('int8');
  const serving = await lesson.serving();
  await serving.select('Model').selectOption('llama-2-13b');
  await expect(serving.chart()).toHaveAttribute('aria-label', /^Llama 2 13B on an NVIDIA H100 SXM/);
  await page.reload();
  await expect((await lesson.formats()).select('Format')).toHaveValue('int8');
  await expect((await lesson.serving()).select('Model')).toHaveValue('llama-2-13b');
});

test('a format that does not exist falls back with a note @phone', async ({ page }) => {
  const lesson = new QuantizationLesson(page);
  await lesson.open('?fmt.format=fp4');
  const formats = await lesson.formats();
  await expect(formats.select('Format')).toHaveValue('fp8-e4m3');
  await expect(formats.notes().filter({ hasText: '“fp4” is not one of the options' })).toBeVisible();
});

test('every control on lesson 4 is reachable with Tab, and an exercise works from the keyboard', async ({
  page,
}) => {
  const lesson = new QuantizationLesson(page);
  await lesson.open();
  await lesson.formats();
  await lesson.serving();
  const { unreached } = await lesson.tabThroughControls();
  expect(unreached).toEqual([]);
  const exercise = await lesson.exercise('How many bits does a weight take');
  await exercise.getByRole('textbox').focus();
  await page.keyboard.type('4');
  await page.keyboard.press('Enter');
  await expect(exercise.getByRole('status')).toContainText('Answer: 4.125 bits');
});

test('lesson 4 with its analytic widgets drawn has no serious accessibility violations in light and dark @phone', async ({
  page,
}) => {
  const lesson = new QuantizationLesson(page);
  await lesson.open();
  await lesson.formats();
  await lesson.serving();
  for (const details of await page.locator('details').all()) await details.locator('summary').click();
  expect(await seriousViolationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
});
