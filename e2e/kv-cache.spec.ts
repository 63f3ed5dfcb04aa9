// Lesson 2, the KV cache: the reader reaches it from home, drives both widgets with mouse and keyboard, shares a
// link that restores them, gets a note for bad linked values, and meets no accessibility violations.
import { expect, seriousViolations, test } from './fixtures';
import { KvCacheLesson } from './pages/kv-cache';

const DEFAULT_CALC =
  "Llama 2 7B at 4,096 tokens per sequence: 8 sequences need 30.7 GB (weights 13.5 GB, KV cache 17.2 GB) of the NVIDIA H100 SXM's 80 GB; at most 30 sequences fit.";

test('home lists the lesson and it opens with both widgets drawn @phone', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /The KV cache/ }).click();
  await expect(page).toHaveURL(/\/lessons\/kv-cache\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The KV cache');
  const lesson = new KvCacheLesson(page);
  await expect((await lesson.calculator()).chart()).toHaveAttribute('aria-label', DEFAULT_CALC);
  await expect((await lesson.reads()).chart()).toHaveAttribute(
    'aria-label',
    /^austen-target \(trained\), batch 1: .* KV overtakes weights at 6,659 tokens/,
  );
  await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Efficiently Scaling Transformer Inference/ })).toBeVisible();
});

test('controls change the charts and the URL, and a reload restores them', async ({ page }) => {
  const lesson = new KvCacheLesson(page);
  await lesson.open();
  const calc = await lesson.calculator();
  await calc.select('Model').selectOption('llama-3-8b');
  await expect(calc.chart()).toHaveAttribute('aria-label', /^Llama 3 8B .* at most 119 sequences fit\.$/);
  await calc.field('Context length S').fill('16384');
  await calc.field('Context length S').press('Enter');
  await expect(calc.chart()).toHaveAttribute(
    'aria-label',
    /at 16,384 tokens per sequence.* at most 29 sequences/,
  );
  await expect.poll(() => lesson.param('kv.model')).toBe('llama-3-8b');
  await expect.poll(() => lesson.param('kv.S')).toBe('16384');
  await calc.select('Chart memory against').selectOption('context');
  await expect(calc.chart()).toHaveAttribute('aria-label', /each sequence can hold at most 60,977 tokens\.$/);
  await expect.poll(() => lesson.param('kv.axis')).toBe('context');

  const reads = await lesson.reads();
  await reads.select('Model').selectOption('synthetic-xl');
  await reads.slider('Batch B').focus();
  await page.keyboard.press('ArrowRight');
  await expect(reads.chart()).toHaveAttribute('aria-label', /^synthetic xl, batch 2:/);
  await expect.poll(() => lesson.param('reads.B')).toBe('2');
  await expect.poll(() => lesson.param('reads.model')).toBe('synthetic-xl');

  await page.reload();
  const calcAgain = await lesson.calculator();
  await expect(calcAgain.select('Model')).toHaveValue('llama-3-8b');
  await expect(calcAgain.field('Context length S')).toHaveValue('16384');
  await expect(calcAgain.select('Chart memory against')).toHaveValue('context');
  const readsAgain = await lesson.reads();
  await expect(readsAgain.field('Batch B')).toHaveValue('2');
  await expect(readsAgain.chart()).toHaveAttribute('aria-label', /^synthetic xl, batch 2:/);
});

test('out-of-range linked values are clamped with a visible note @phone', async ({ page }) => {
  const lesson = new KvCacheLesson(page);
  await lesson.open('?kv.B=5000&kv.cache=fp64&reads.B=0&reads.model=nope');
  const calc = await lesson.calculator();
  await expect(calc.field('Batch B')).toHaveValue('1024');
  await expect(calc.notes().filter({ hasText: '5000 is above the maximum; using 1024.' })).toBeVisible();
  await expect(calc.select('KV cache stored as')).toHaveValue('bf16');
  await expect(
    calc.notes().filter({ hasText: '“fp64” is not one of the options; using bf16.' }),
  ).toBeVisible();
  await expect(calc.chart()).toHaveAttribute('aria-label', /1,024 sequences need/);
  await expect.poll(() => lesson.param('kv.B')).toBe('1024');

  const reads = await lesson.reads();
  await expect(reads.field('Batch B')).toHaveValue('1');
  await expect(reads.notes().filter({ hasText: '0 is below the minimum; using 1.' })).toBeVisible();
  await expect(
    reads.notes().filter({ hasText: '“nope” is not one of the options; using austen-target.' }),
  ).toBeVisible();
});

test('every control on lesson 2 is reachable with Tab', async ({ page }) => {
  const lesson = new KvCacheLesson(page);
  await lesson.open();
  await lesson.calculator();
  await lesson.reads();
  const { controls, unreached } = await lesson.tabThroughControls();
  // 6 + 2 widget controls (the sliders count twice: range and field), 3 exercises of a field and a button each.
  expect(controls.length).toBeGreaterThanOrEqual(16);
  expect(unreached).toEqual([]);
});

test('the widgets and an exercise work from the keyboard alone', async ({ page }) => {
  const lesson = new KvCacheLesson(page);
  await lesson.open();
  const calc = await lesson.calculator();
  await calc.slider('Batch B').focus();
  await page.keyboard.press('Home');
  await expect(calc.field('Batch B')).toHaveValue('1');
  await page.keyboard.press('ArrowRight');
  await expect(calc.field('Batch B')).toHaveValue('2');
  await calc.select('GPU').focus();
  await page.keyboard.press('ArrowDown');
  await expect(calc.select('GPU')).toHaveValue('h200');
  await expect(calc.chart()).toHaveAttribute('aria-label', /2 sequences need .* NVIDIA H200 SXM's 141 GB/);

  const exercise = await lesson.exercise(/How many bytes of KV cache does one token take/);
  await exercise.getByRole('textbox').focus();
  await page.keyboard.type('800000');
  await page.keyboard.press('Enter');
  await expect(exercise.getByRole('status')).toContainText('Answer: 819,200 bytes');
  await expect(exercise.getByRole('status')).toContainText('within 10 %');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`lesson 2 with its widgets drawn has no serious accessibility violations (${scheme}) @phone`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const lesson = new KvCacheLesson(page);
    await lesson.open('?kv.B=99999');
    await lesson.calculator();
    await lesson.reads();
    const exercise = await lesson.exercise(/sequences of/);
    await exercise.getByRole('textbox').fill('50');
    await exercise.getByRole('button', { name: 'Reveal the answer' }).click();
    await expect(exercise.getByRole('status')).toContainText('Answer: 59 sequences');
    for (const details of await page.locator('details').all()) await details.locator('summary').click();
    expect(await seriousViolations(page)).toEqual([]);
  });
}
