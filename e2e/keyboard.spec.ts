import { expect, test } from './fixtures';
import { LessonPage } from './pages/lesson-page';

test('every control on lesson 1 is reachable with Tab', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('prefill-decode');
  for (const name of ['intensity-calculator', 'attention-intensity', 'batch-sweep'])
    await lesson.widget(name);
  const { controls, unreached } = await lesson.tabThroughControls();
  expect(controls.length).toBeGreaterThan(20);
  expect(unreached).toEqual([]);
});

test('sliders, fields, selects, switches and exercises work from the keyboard alone', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('prefill-decode');

  const calc = await lesson.widget('intensity-calculator');
  await calc.slider('Tokens per sequence T').focus();
  await page.keyboard.press('End');
  await expect(calc.field('Tokens per sequence T')).toHaveValue('8192');
  await page.keyboard.press('ArrowLeft');
  await expect(calc.field('Tokens per sequence T')).toHaveValue('4096');
  await page.keyboard.press('Tab');
  await expect(calc.field('Tokens per sequence T')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Tab');
  await expect(calc.field('Tokens per sequence T')).toHaveValue('4097');

  await calc.select('Device').focus();
  await page.keyboard.press('ArrowDown');
  await expect(calc.select('Device')).toHaveValue('h200');
  await expect(calc.chart()).toHaveAttribute('aria-label', /NVIDIA H200 SXM ridge/);

  const attention = await lesson.widget('attention-intensity');
  await attention.switch('Count only causal pairs').focus();
  await page.keyboard.press('Space');
  await expect(attention.switch('Count only causal pairs')).toBeChecked();
  await expect.poll(() => lesson.param('attn.causal')).toBe('1');

  const exercise = page.getByRole('region', { name: 'Predict, then reveal' }).first();
  await exercise.scrollIntoViewIfNeeded();
  const guess = exercise.getByRole('textbox');
  await expect(exercise.locator('xpath=ancestor::astro-island')).not.toHaveAttribute('ssr', {
    timeout: 15_000,
  });
  await guess.focus();
  await page.keyboard.type('300');
  await page.keyboard.press('Enter');
  await expect(exercise.getByRole('status')).toContainText('Answer: 346 rows');
  await expect(exercise.getByRole('status')).toContainText(
    'Your prediction: 300 rows — off by a factor of 1.2.',
  );
});
