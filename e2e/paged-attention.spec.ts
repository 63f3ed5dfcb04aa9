// Lesson 8, PagedAttention: the reader reaches it from home and finds its four figures, gets a note for linked values
// that are not allowed, meets no accessibility violations in light or dark, and runs the page tables on WebGPU
// (SwiftShader here: one request sampled two ways for one step), stepping back to the copy-on-write. The widgets'
// whole runs on the CPU fallback have their journey in paged-attention-cpu.
import { expect, seriousViolationsInBothSchemes, test } from './fixtures';
import type { LessonFigure } from './pages/lesson-page';
import { PagedLesson } from './pages/paged';

/** The lesson's figures, in order, with their provenance and the first words of their captions. */
const FIGURES: LessonFigure[] = [
  ['page-tables', 'measured', /^The engine's paged KV cache, operation by operation/],
  ['paged-memory', 'measured', /^One stream served twice by the shipped model/],
  ['block-size', 'measured', /^Block size: the attention kernel timed on this device/],
  ['prefix-sharing', 'measured', /^Requests that share a system prompt, served one after another/],
];

test('home lists the lesson and it opens with its four figures @phone', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /PagedAttention/ }).click();
  await expect(page).toHaveURL(/\/lessons\/paged-attention\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('PagedAttention');
  const lesson = new PagedLesson(page);
  await lesson.expectFigures(FIGURES);
  await expect(lesson.root('page-tables')).toContainText(
    'Press the button: prose-target serves the requests',
  );
  await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();
});

test('linked values out of range or off the offered ticks are corrected with a note', async ({ page }) => {
  const lesson = new PagedLesson(page);
  await lesson.open('?pages.samples=9&pages.steps=0&block.size=3');
  const pages = await lesson.find('page-tables');
  await expect(pages.getByRole('spinbutton', { name: /^Samples of the last request \(/ })).toHaveValue('4');
  await expect(pages.getByRole('spinbutton', { name: /^Decode steps \(/ })).toHaveValue('1');
  await expect(lesson.controlNotes(pages).filter({ hasText: /\S/ })).toHaveText([
    '9 is above the maximum; using 4.',
    '0 is below the minimum; using 1.',
  ]);
  await expect.poll(() => lesson.param('pages.samples')).toBe('4');
  const block = await lesson.find('block-size');
  await expect(lesson.controlNotes(block).filter({ hasText: /is not a block size offered/ })).toBeVisible();
});

test('lesson 8 has no serious accessibility violations in light and dark @phone', async ({ page }) => {
  const lesson = new PagedLesson(page);
  await lesson.open();
  for (const name of ['page-tables', 'paged-memory', 'block-size', 'prefix-sharing'] as const)
    await lesson.find(name);
  for (const details of await page.locator('details').all()) await details.locator('summary').click();
  expect(await seriousViolationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
});

test('on WebGPU the page tables fill, a sample copies its shared block before writing, and Back steps to it', async ({
  page,
}) => {
  // SwiftShader compiles every shader on the first forward: one request, two samples, one decode step.
  test.setTimeout(240_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const lesson = new PagedLesson(page);
  await lesson.open('?pages.requests=1&pages.samples=2&pages.steps=1');
  const root = await lesson.ready('page-tables');
  await expect(root.getByText('Running on the CPU.')).toHaveCount(0);
  await lesson.runButton(root, 'page-tables').click();
  // Arrival, prefill, fork, one decode step, the finish: five operations, all shown at once under reduced motion.
  await expect(lesson.operation(root)).toHaveText(/^5 of 5\. A1 finishes/, { timeout: 200_000 });
  await root.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(lesson.operation(root)).toHaveText(/^4 of 5\. Decode step 1/);
  await expect(lesson.events(root)).toContainText([
    /^A1 writes into block \d+, which another sequence shares: copy-on-write/,
  ]);
  // The samples still share the prompt's whole blocks: some are held by more than one table.
  await expect(lesson.drawing(root)).toHaveAccessibleName(/Of 40 blocks, \d+ are held \([1-9]\d* shared\)/);
});
