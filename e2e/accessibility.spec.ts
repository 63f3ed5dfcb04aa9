import { expect, seriousViolationsInBothSchemes, test } from './fixtures';
import { LessonPage } from './pages/lesson-page';

test('home has no serious accessibility violations in light and dark @phone', async ({ page }) => {
  await page.goto('/');
  expect(await seriousViolationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
});

test('lesson 1 with its widgets drawn has no serious accessibility violations in light and dark @phone', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.goto('prefill-decode', '?calc.B=99999');
  for (const name of ['intensity-calculator', 'attention-intensity', 'batch-sweep'])
    await lesson.widget(name);
  const exercise = page.getByRole('region', { name: 'Predict, then reveal' }).first();
  await exercise.scrollIntoViewIfNeeded();
  await expect(exercise.locator('xpath=ancestor::astro-island')).not.toHaveAttribute('ssr', {
    timeout: 15_000,
  });
  await exercise.getByRole('textbox').fill('100');
  await exercise.getByRole('button', { name: 'Reveal the answer' }).click();
  await expect(exercise.getByRole('status')).toBeVisible();
  for (const details of await page.locator('details').all()) await details.locator('summary').click();
  expect(await seriousViolationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
});
