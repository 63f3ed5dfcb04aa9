// Cross-references between lessons: every link from a lesson page to this site leads to a page that exists, a
// reference to a written lesson takes the reader there, and a lesson the syllabus plans but nobody has written yet
// is named in the prose as coming, not linked.
import { expect, test } from './fixtures';
import { LessonPage } from './pages/lesson-page';

const LESSONS = [
  { slug: 'prefill-decode', references: ['/lessons/shrinking-kv-cache/'] },
  { slug: 'kv-cache', references: ['/lessons/prefill-decode/', '/lessons/shrinking-kv-cache/'] },
  { slug: 'shrinking-kv-cache', references: ['/lessons/kv-cache/', '/lessons/quantization/'] },
  { slug: 'quantization', references: ['/lessons/prefill-decode/', '/lessons/shrinking-kv-cache/'] },
  { slug: 'pruning-distillation', references: ['/lessons/quantization/', '/lessons/shrinking-kv-cache/'] },
  { slug: 'speculative-sampling', references: ['/lessons/prefill-decode/', '/lessons/continuous-batching/'] },
  { slug: 'continuous-batching', references: ['/lessons/prefill-decode/', '/lessons/paged-attention/'] },
  { slug: 'paged-attention', references: ['/lessons/kv-cache/', '/lessons/continuous-batching/'] },
];

for (const { slug, references } of LESSONS) {
  test(`every internal link on lesson ${slug} returns a page`, async ({ page, request }) => {
    await new LessonPage(page).goto(slug);
    const origin = new URL(page.url()).origin;
    const body = await page
      .locator('.lesson-body a[href]')
      .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(body, 'the lesson refers to the lessons it builds on').toEqual(expect.arrayContaining(references));
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    const internal = [
      ...new Set(
        hrefs
          .map((h) => new URL(h))
          .filter((u) => u.origin === origin)
          .map((u) => u.pathname),
      ),
    ];
    for (const path of internal) {
      const response = await request.get(path);
      expect(response.status(), `${path}, linked from ${slug}`).toBe(200);
    }
  });
}

test('a reference to a written lesson opens it @phone', async ({ page }) => {
  await new LessonPage(page).goto('shrinking-kv-cache');
  await page.getByRole('paragraph').getByRole('link', { name: 'Lesson 2', exact: true }).click();
  await expect(page).toHaveURL(/\/lessons\/kv-cache\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The KV cache');
});

for (const { slug, lesson, coming: text } of [
  { slug: 'paged-attention', lesson: 9, coming: 'Lesson 9 (a server in your tab, coming)' },
]) {
  test(`a lesson not written yet is named as coming, without a link (${slug})`, async ({ page }) => {
    await new LessonPage(page).goto(slug);
    const coming = page.getByText(text);
    await expect(coming).toBeVisible();
    await expect(page.locator('a', { has: coming })).toHaveCount(0);
    await expect(page.getByRole('link', { name: new RegExp(`lesson ${lesson}`, 'i') })).toHaveCount(0);
  });
}
