import { expect, test } from './fixtures';
import { LessonPage } from './pages/lesson-page';

test('moving a slider updates the chart and the URL, and reloading restores it', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('prefill-decode');
  const calc = await lesson.widget('intensity-calculator');
  await expect(calc.chart()).toHaveAttribute(
    'aria-label',
    /\(1×4096\)·\(4096×11008\) bf16 matmul has intensity 1 FLOP\/byte/,
  );

  await calc.field('Tokens per sequence T').fill('2048');
  await calc.field('Tokens per sequence T').press('Enter');
  await expect(calc.chart()).toHaveAttribute('aria-label', /\(2048×4096\)·\(4096×11008\).*compute-bound/);
  await expect.poll(() => lesson.param('calc.T')).toBe('2048');

  await calc.slider('Sequences B').focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => lesson.param('calc.B')).toBe('2');
  await expect(calc.chart()).toHaveAttribute('aria-label', /\(4096×4096\)/);

  await page.reload();
  const restored = await lesson.widget('intensity-calculator');
  await expect(restored.field('Sequences B')).toHaveValue('2');
  await expect(restored.field('Tokens per sequence T')).toHaveValue('2048');
  await expect(restored.chart()).toHaveAttribute('aria-label', /\(4096×4096\)·\(4096×11008\)/);
});

test('two widgets keep separate URL keys', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('prefill-decode', '?attn.S=512&sweep.S=1024');
  const attention = await lesson.widget('attention-intensity');
  const sweep = await lesson.widget('batch-sweep');
  await expect(attention.field('Context length S')).toHaveValue('512');
  await expect(sweep.field('Context length S')).toHaveValue('1024');
  await expect(sweep.chart()).toHaveAttribute('aria-label', /at context 1,024/);
});

test('an older link naming the calculator’s tokens calc.S still sets them, with a note', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('prefill-decode', '?calc.S=512');
  const calc = await lesson.widget('intensity-calculator');
  await expect(calc.field('Tokens per sequence T')).toHaveValue('512');
  await expect(
    calc.notes().filter({ hasText: 'Older links name this calc.S; it is calc.T now.' }),
  ).toBeVisible();
  await expect.poll(() => lesson.param('calc.T')).toBe('512');
  expect(await lesson.param('calc.S')).toBeNull();
});

test('bad query values are clamped with a visible note', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('prefill-decode', '?calc.B=99999&calc.dtype=fp64&sweep.S=abc&attn.causal=maybe');
  const calc = await lesson.widget('intensity-calculator');
  await expect(calc.field('Sequences B')).toHaveValue('4096');
  await expect(calc.notes().filter({ hasText: '99999 is above the maximum; using 4096.' })).toBeVisible();
  await expect(calc.select('Number format')).toHaveValue('bf16');
  await expect(
    calc.notes().filter({ hasText: '“fp64” is not one of the options; using bf16.' }),
  ).toBeVisible();
  await expect.poll(() => lesson.param('calc.B')).toBe('4096');

  const sweep = await lesson.widget('batch-sweep');
  await expect(sweep.notes().filter({ hasText: '“abc” is not a number; using 4096.' })).toBeVisible();
  const attention = await lesson.widget('attention-intensity');
  await expect(attention.notes().filter({ hasText: '“maybe” is not on or off; using off.' })).toBeVisible();
});

test('a typed out-of-range value is clamped with a note @phone', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('prefill-decode');
  const sweep = await lesson.widget('batch-sweep');
  await sweep.field('Context length S').fill('5');
  await sweep.field('Context length S').press('Enter');
  await expect(sweep.field('Context length S')).toHaveValue('128');
  await expect(sweep.notes().filter({ hasText: '5 is below the minimum; using 128.' })).toBeVisible();
  await expect(sweep.chart()).toHaveAttribute('aria-label', /at context 128:/);
});
