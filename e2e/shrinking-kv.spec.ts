// Lesson 3, shrinking the KV cache: the reader reaches it from home, drives its analytic widgets with mouse and
// keyboard, shares a link that restores them, gets a note for values that are not allowed, and meets no
// accessibility violations.
import { expect, seriousViolationsInBothSchemes, test } from './fixtures';
import { ShrinkingKvLesson } from './pages/shrinking-kv';

const DEFAULT_GROUPING =
  "Llama 2 13B with grouped-query attention: 40 query heads share 8 key/value heads, 5 per head; the cache holds 164 kB per token, 20 % of multi-head's 819 kB.";
const DEFAULT_LAYOUTS =
  'At 32,768 tokens, Mistral 7B (window) caches the least per token, 16.4 kB, and Llama 2 13B (MHA) the most, 819 kB; against its own multi-head version, DeepSeek-V2 keeps the smallest share, 1.76 %. ' +
  '32,768 tokens is past what Llama 2 13B†, Llama 3 70B†, Gemma 2B†, Llama 2 13B, CLA2*† and Gemma 2 9B† were trained for.';
const DEFAULT_SERVING =
  /^Llama 2 13B on an NVIDIA H100 SXM at 4,096 tokens per sequence: with K = 40 \(multi-head\) at most 16 sequences fit, .*; with K = 8 at most 85 sequences fit/;

test('home lists the lesson and it opens with its analytic widgets drawn @phone', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /Shrinking the KV cache/ }).click();
  await expect(page).toHaveURL(/\/lessons\/shrinking-kv-cache\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Shrinking the KV cache');
  const lesson = new ShrinkingKvLesson(page);
  await expect((await lesson.grouping()).chart()).toHaveAttribute('aria-label', DEFAULT_GROUPING);
  await expect((await lesson.layouts()).chart()).toHaveAttribute('aria-label', DEFAULT_LAYOUTS);
  await expect((await lesson.serving()).chart()).toHaveAttribute('aria-label', DEFAULT_SERVING);
  await expect(page.getByRole('heading', { name: 'Measured on your device' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Cross-Layer Attention/ }).first()).toBeVisible();
});

test('controls change the charts and the URL, and a reload restores them', async ({ page }) => {
  const lesson = new ShrinkingKvLesson(page);
  await lesson.open();
  const grouping = await lesson.grouping();
  await grouping.slider('Key/value heads K').focus();
  await page.keyboard.press('End');
  await expect(grouping.field('Key/value heads K')).toHaveValue('40');
  await expect(grouping.chart()).toHaveAttribute(
    'aria-label',
    /multi-head attention: each of the 40 query heads/,
  );
  await page.keyboard.press('Home');
  await expect(grouping.chart()).toHaveAttribute(
    'aria-label',
    /multi-query attention: 40 query heads share 1 key\/value head, 40 per head; the cache holds 20.5 kB per token, 2.5 %/,
  );
  await expect.poll(() => lesson.param('heads.K')).toBe('1');

  const layouts = await lesson.layouts();
  await layouts.select('Bars show').selectOption('relative');
  await layouts.field('Context length S').fill('2048');
  await layouts.field('Context length S').press('Enter');
  await expect(layouts.chart()).toHaveAttribute(
    'aria-label',
    /^At 2,048 tokens, Gemma 2B \(MQA\) caches the least/,
  );
  await expect.poll(() => lesson.param('layouts.measure')).toBe('relative');
  await expect.poll(() => lesson.param('layouts.S')).toBe('2048');

  const serving = await lesson.serving();
  await serving.select('GPU').selectOption('h200');
  await serving.select('Chart').selectOption('memory');
  await expect(serving.chart()).toHaveAttribute(
    'aria-label',
    /NVIDIA H200 SXM .* K = 40 \(multi-head\) at most 34 sequences/,
  );
  await expect.poll(() => lesson.param('serve.device')).toBe('h200');

  await page.reload();
  await expect((await lesson.grouping()).field('Key/value heads K')).toHaveValue('1');
  const layoutsAgain = await lesson.layouts();
  await expect(layoutsAgain.select('Bars show')).toHaveValue('relative');
  await expect(layoutsAgain.field('Context length S')).toHaveValue('2048');
  const servingAgain = await lesson.serving();
  await expect(servingAgain.select('GPU')).toHaveValue('h200');
  await expect(servingAgain.select('Chart')).toHaveValue('memory');
});

test('a K that does not divide N moves to the nearest divisor with a note @phone', async ({ page }) => {
  const lesson = new ShrinkingKvLesson(page);
  await lesson.open('?heads.K=7&layouts.S=99&serve.device=tpu');
  const grouping = await lesson.grouping();
  await expect(grouping.field('Key/value heads K')).toHaveValue('8');
  await expect(
    grouping.notes().filter({ hasText: '7 does not divide 40 query heads; using 8.' }),
  ).toBeVisible();
  await expect(grouping.chart()).toHaveAttribute('aria-label', DEFAULT_GROUPING);

  // Typing an off-divisor value is treated the same way.
  await grouping.field('Key/value heads K').fill('6');
  await grouping.field('Key/value heads K').press('Enter');
  await expect(grouping.field('Key/value heads K')).toHaveValue('5');
  await expect(
    grouping.notes().filter({ hasText: '6 does not divide 40 query heads; using 5.' }),
  ).toBeVisible();
  await expect.poll(() => lesson.param('heads.K')).toBe('5');

  // A model with another N moves K to its nearest divisor and says so.
  await grouping.select('Model').selectOption('llama-2-7b');
  await expect(grouping.field('Key/value heads K')).toHaveValue('4');
  await expect(lesson.movedNote(grouping)).toHaveText('K = 5 does not divide 32; using 4.');

  const layouts = await lesson.layouts();
  await expect(layouts.field('Context length S')).toHaveValue('1024');
  await expect(layouts.notes().filter({ hasText: '99 is below the minimum; using 1024.' })).toBeVisible();
  const serving = await lesson.serving();
  await expect(serving.select('GPU')).toHaveValue('h100-sxm');
  await expect(
    serving.notes().filter({ hasText: '“tpu” is not one of the options; using h100-sxm.' }),
  ).toBeVisible();
});

test('every control on lesson 3 is reachable with Tab, and an exercise works from the keyboard', async ({
  page,
}) => {
  const lesson = new ShrinkingKvLesson(page);
  await lesson.open();
  await lesson.grouping();
  await lesson.layouts();
  await lesson.serving();
  const { controls, unreached } = await lesson.tabThroughControls();
  // 2 + 3 + 3 analytic controls (sliders count twice), 3 exercises of a field and a button each.
  expect(controls.length).toBeGreaterThanOrEqual(17);
  expect(unreached).toEqual([]);

  const exercise = await lesson.exercise(/How many sequences of 4,096 tokens fit/);
  await exercise.getByRole('textbox').focus();
  await page.keyboard.type('80');
  await page.keyboard.press('Enter');
  await expect(exercise.getByRole('status')).toContainText('Answer: 85 sequences');
  await expect(exercise.getByRole('status')).toContainText('within 10 %');
});

test('lesson 3 with its widgets drawn has no serious accessibility violations in light and dark @phone', async ({
  page,
}) => {
  const lesson = new ShrinkingKvLesson(page);
  await lesson.open('?heads.K=3');
  await lesson.grouping();
  await lesson.layouts();
  await lesson.serving();
  const exercise = await lesson.exercise(/How many times smaller/);
  await exercise.getByRole('textbox').fill('50');
  await exercise.getByRole('button', { name: 'Reveal the answer' }).click();
  await expect(exercise.getByRole('status')).toContainText('Answer: 56.9 times smaller');
  for (const details of await page.locator('details').all()) await details.locator('summary').click();
  expect(await seriousViolationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
});
