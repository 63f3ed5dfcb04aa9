// Lesson 7, continuous batching: the reader reaches it from home and finds its two figures, gets a note for a linked
// value that is not allowed, meets no accessibility violations with the sweep drawn, starts the live server on WebGPU
// (SwiftShader here, a tiny stream) and cancels it once static batching has served a step, and works the analytic
// sweep: continuous ahead of static at the heaviest load, a model too big refused, fewer slots swept again. The live
// widget's whole run on the CPU fallback has its journey in serving-cpu.
import { expect, seriousViolationsInBothSchemes, test } from './fixtures';
import type { LessonFigure } from './pages/lesson-page';
import { firstNumber, ServingLesson } from './pages/serving';

/** The lesson's figures, in order, with their provenance and the first words of their captions. */
const FIGURES: LessonFigure[] = [
  ['serving-slots', 'measured', /^The same stream of requests served on your device by the shipped model/],
  [
    'serving-at-scale',
    'analytic',
    /^The scheduler on the cost model: a seeded stream served by a real model/,
  ],
];

test('home lists the lesson and it opens with its two figures @phone', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /Continuous batching/ }).click();
  await expect(page).toHaveURL(/\/lessons\/continuous-batching\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Continuous batching');
  const lesson = new ServingLesson(page);
  await lesson.expectFigures(FIGURES);
  // Before a run, the live widget says what it will do.
  await expect(lesson.root('serving-slots')).toContainText(
    'Press the button: the same stream of requests is served by prose-target, first with static batching',
  );
  await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();
});

test('linked values out of range or not among the options are corrected with a note', async ({ page }) => {
  const lesson = new ServingLesson(page);
  await lesson.open('?serve.requests=2&serve.slots=20&scale.model=bogus&scale.slots=1000');

  const live = await lesson.find('serving-slots');
  await expect(live.getByRole('spinbutton', { name: /^Batch slots \(/ })).toHaveValue('8');
  await expect(live.getByRole('spinbutton', { name: /^Requests \(/ })).toHaveValue('4');
  await expect(lesson.controlNotes(live).filter({ hasText: /\S/ })).toHaveText([
    '2 is below the minimum; using 4.',
    '20 is above the maximum; using 8.',
  ]);
  await expect.poll(() => lesson.param('serve.slots')).toBe('8');

  const scale = (await lesson.scale()).root;
  await expect(scale.getByRole('combobox', { name: 'Model' })).toHaveValue('llama-2-13b');
  await expect(
    lesson.controlNotes(scale).filter({ hasText: '“bogus” is not one of the options; using llama-2-13b.' }),
  ).toBeVisible();
  await expect(scale.getByRole('spinbutton', { name: /^Batch slots \(/ })).toHaveValue('256');
  await expect(lesson.controlNotes(scale).filter({ hasText: /^1000 .*; using 256\.$/ })).toBeVisible();
  await expect.poll(() => lesson.param('scale.model')).toBeNull();
});

test('lesson 7 with the sweep drawn has no serious accessibility violations in light and dark @phone', async ({
  page,
}) => {
  const lesson = new ServingLesson(page);
  await lesson.open();
  const scale = (await lesson.scale()).root;
  await expect(lesson.status(scale)).toHaveText(/^Swept \d+ arrival rates/, { timeout: 60_000 });
  await lesson.find('serving-slots');
  for (const details of await page.locator('details').all()) await details.locator('summary').click();
  expect(await seriousViolationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
});

test('on WebGPU the stream is served static first, and Cancel ends the run', async ({ page }) => {
  // SwiftShader compiles the shaders on the warm-up and takes seconds a step: a tiny stream, cancelled early.
  test.setTimeout(180_000);
  const lesson = new ServingLesson(page);
  await lesson.open('?serve.requests=4&serve.output=2&serve.prompt=8');
  const live = await lesson.ready('serving-slots');
  await expect(live.getByText('Running on the CPU.')).toHaveCount(0);
  await lesson.runButton(live, 'serving-slots').click();
  const status = lesson.status(live);
  await expect(status).toHaveText(/^Serving the stream with static batching: \d+ steps?/, {
    timeout: 120_000,
  });
  await expect(lesson.slotChart(live, 'Static')).toBeVisible();
  await live.getByRole('button', { name: 'Cancel', exact: true }).click();
  // The cancel lands before the next step, which SwiftShader may be in the middle of.
  await expect(lesson.runButton(live, 'serving-slots')).toBeEnabled({ timeout: 45_000 });
  await expect(status).toHaveText(/^Cancelled during static batching, after \d+ steps?\.$/);
  expect(firstNumber(await status.textContent())).toBeGreaterThanOrEqual(1);
});

test('the sweep: continuous ahead at the heaviest load, a model too big refused, fewer slots swept again', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const lesson = new ServingLesson(page);
  await lesson.open();
  const scale = (await lesson.scale()).root;
  const status = lesson.status(scale);
  await expect(status).toHaveText(/^Swept \d+ arrival rates/, { timeout: 60_000 });
  const number = async (label: string) => firstNumber(await lesson.figure(scale, label).textContent());
  expect(await number('Continuous ÷ static')).toBeGreaterThan(1);
  expect(await number('Continuous knee')).toBeGreaterThan(await number('Static knee'));
  await expect(lesson.figure(scale, 'Full-length requests it holds')).toHaveText(/, for 64 slots$/);

  // Llama 2 70B's weights leave no room for a KV cache on one H100: refused in words, no chart.
  await scale.getByRole('combobox', { name: 'Model' }).selectOption('llama-2-70b');
  await expect(scale.locator('p.refusal')).toContainText("Llama 2 70B's weights in bf16 take");
  await expect(scale.locator('svg[aria-label]')).toHaveCount(0);
  await expect.poll(() => lesson.param('scale.model')).toBe('llama-2-70b');

  // Back to 13B with half the slots, by the keyboard: swept again for 32 slots.
  await scale.getByRole('combobox', { name: 'Model' }).selectOption('llama-2-13b');
  const slots = scale.getByRole('slider', { name: 'Batch slots' });
  await slots.focus();
  await slots.press('ArrowLeft');
  await expect.poll(() => lesson.param('scale.slots')).toBe('32');
  await expect(lesson.figure(scale, 'Full-length requests it holds')).toHaveText(/, for 32 slots$/, {
    timeout: 60_000,
  });
  await expect(status).toHaveText(/^Swept \d+ arrival rates/);
});
