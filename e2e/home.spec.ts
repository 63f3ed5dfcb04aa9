import { expect, test } from './fixtures';

test('home lists the lessons and leads to lesson 1 @phone', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Why is generating text memory-bound?');
  const lessons = page
    .getByRole('list')
    .filter({ has: page.getByRole('link', { name: /Prefill and decode/ }) });
  // The written lessons, in their order; each card is one link.
  await expect(lessons.getByRole('link')).toHaveText([
    /^Lesson 1\s*Prefill and decode/,
    /^Lesson 2\s*The KV cache/,
    /^Lesson 3\s*Shrinking the KV cache/,
    /^Lesson 4\s*Quantization/,
    /^Lesson 5\s*Pruning and distillation/,
    /^Lesson 6\s*Speculative sampling/,
    /^Lesson 7\s*Continuous batching/,
    /^Lesson 8\s*PagedAttention/,
  ]);
  // The syllabus's last lesson, not written yet, in its place on the route and not a link.
  await expect(lessons.getByRole('listitem').last()).toHaveText(/^Lesson 9 · coming\s*A server in your tab$/);
  await expect(lessons.getByRole('listitem')).toHaveCount(9);
  await page.getByRole('link', { name: /Prefill and decode/ }).click();
  await expect(page).toHaveURL(/\/lessons\/prefill-decode\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Prefill and decode');
  await expect(page.getByRole('navigation', { name: 'Contents' })).toContainText(
    'Arithmetic intensity and the roofline',
  );
  await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();
});

test('lesson 1 links back home and lists its goals', async ({ page }) => {
  await page.goto('/lessons/prefill-decode/');
  await expect(
    page.getByRole('region', { name: 'After this lesson you can' }).getByRole('listitem'),
  ).toHaveCount(4);
  await page.getByRole('link', { name: /all lessons/ }).click();
  await expect(page).toHaveURL(/\/$/);
});
