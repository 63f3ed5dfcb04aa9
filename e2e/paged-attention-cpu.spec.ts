// Lesson 8's widgets with WebGPU unavailable, so the engine runs on the CPU fallback: the page tables run through a
// shared prompt, parallel samples and a finish, agreeing with their own tables; one burst served contiguous and paged,
// paged admitting at least as many at once; attention timed at every block size; and requests sharing a system
// prompt, the later ones finding it in the prefix cache.
import { expect, seriousViolations, seriousViolationsInBothSchemes, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { firstNumber, PagedLesson } from './pages/paged';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

test('the page tables: the second request shares the prompt, samples share and copy, the first lets go', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const lesson = new PagedLesson(page);
  await lesson.open('?pages.steps=2');
  const root = await lesson.ready('page-tables');
  await expect(root.getByText('Running on the CPU.')).toBeVisible();
  await lesson.runButton(root, 'page-tables').click();
  // Two arrivals and prefills, the fork, two decode steps, the finish.
  await expect(lesson.operation(root)).toHaveText(/^8 of 8\. A finishes/, { timeout: 90_000 });
  await expect(lesson.events(root).first()).toHaveText(/^A lets go of blocks/);
  const back = root.getByRole('button', { name: 'Back', exact: true });
  for (let i = 0; i < 5; i++) await back.click();
  await expect(lesson.operation(root)).toHaveText(
    /^3 of 8\. Request B arrives with \d+ prompt tokens; \d+ of them/,
  );
  const found = firstNumber(/; (\d+) of them/.exec((await lesson.operation(root).textContent()) ?? '')![1]!);
  expect(found).toBeGreaterThan(0);
  await expect(lesson.events(root)).toHaveText([
    /^B shares blocks? [\d, and]+, now with 2 references each\.$/,
  ]);
  // The shared blocks are in the pool's table with two references, held by A and B.
  const pool = await lesson.rows(root, 1);
  expect(pool.filter((row) => row[1] === '2' && row[3] === 'A, B')).toHaveLength(found / 4);

  await root.getByRole('button', { name: 'Step', exact: true }).click();
  await root.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(lesson.operation(root)).toHaveText(/^5 of 8\. B is sampled 3 ways/);
  await root.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(lesson.events(root)).toHaveText([
    /^B1 writes into block \d+, which another sequence shares: copy-on-write/,
    /^B2 writes into block \d+, which another sequence shares: copy-on-write/,
  ]);
  await root.getByRole('button', { name: 'Show all', exact: true }).click();
  await expect(root.locator('ul.texts li')).toHaveCount(4);
  // The drawing, its buttons and its tables pass the accessibility scan in both schemes.
  for (const details of await root.locator('details').all()) await details.locator('summary').click();
  expect(await seriousViolationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
});

test('one burst served contiguous and paged, and attention timed at every block size', async ({ page }) => {
  test.setTimeout(150_000);
  const lesson = new PagedLesson(page);
  await lesson.open();
  const memory = await lesson.ready('paged-memory');
  await lesson.runButton(memory, 'paged-memory').click();
  await expect(lesson.status(memory)).toHaveText(
    /Served \d+ requests: \d+ steps from contiguous reservations/,
    {
      timeout: 120_000,
    },
  );
  const paged = firstNumber(await lesson.figure(memory, 'Largest batch, paged').textContent());
  const contiguous = firstNumber(await lesson.figure(memory, 'Largest batch, contiguous').textContent());
  expect(paged).toBeGreaterThanOrEqual(contiguous);

  const block = await lesson.ready('block-size');
  await lesson.runButton(block, 'block-size').click();
  await lesson.drawn(block, 'block-size');
  expect(await lesson.rows(block)).toHaveLength(8);
  await expect(lesson.figure(block, 'Attention call, blocks of 16')).toHaveText(/^[\d.,]+ (µs|ms)$/);
  expect(await seriousViolations(page)).toEqual([]);
});

test('requests sharing a system prompt: the later ones find it cached and hold fewer blocks', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const lesson = new PagedLesson(page);
  await lesson.open('?prefix.requests=2');
  const root = await lesson.ready('prefix-sharing');
  await lesson.runButton(root, 'prefix-sharing').click();
  await expect(lesson.status(root)).toHaveText(/Served 2 requests with the prefix cache off, then on\./, {
    timeout: 120_000,
  });
  const off = firstNumber(await lesson.figure(root, 'Blocks held, prefix cache off').textContent());
  const on = firstNumber(await lesson.figure(root, 'Blocks held, prefix cache on').textContent());
  expect(on).toBeLessThan(off);
  expect(firstNumber(await lesson.figure(root, 'Blocks shared, cache on').textContent())).toBe(off - on);
  expect(await seriousViolations(page)).toEqual([]);
});
