// Lesson 5, pruning and distillation: the reader reaches it from home and finds its six figures, gets a note for a
// linked value that is not allowed, and meets no accessibility violations with the widgets that draw by themselves
// drawn. Every widget here runs the engine; the runs have their journey in pruning-cpu.
import { expect, seriousViolationsInBothSchemes, test } from './fixtures';
import { PruningLesson, type PruningWidget } from './pages/pruning';

/** The lesson's figures, in order, by the first words of their captions (after the provenance, all measured). */
const FIGURES: [PruningWidget, RegExp][] = [
  ['importance-map', /^Importance maps of the trained target/],
  ['prune-live', /^Prune the trained target live/],
  ['prune-sweep', /^Perplexity against the share pruned, by criterion/],
  ['sparsity-contrast', /^Structured against unstructured pruning on your device/],
  ['next-token-match', /^One prompt, two next-token distributions/],
  ['teacher-match', /^The teacher, the teacher pruned to the student's shape/],
];

test('home lists the lesson and it opens with its six figures @phone', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /Pruning and distillation/ }).click();
  await expect(page).toHaveURL(/\/lessons\/pruning-distillation\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pruning and distillation');
  const figures = page.getByRole('figure');
  await expect(figures).toHaveCount(FIGURES.length);
  for (const [i, [name, caption]] of FIGURES.entries()) {
    const figure = figures.nth(i);
    await expect(figure).toHaveAccessibleName(new RegExp(`^measured ${caption.source.slice(1)}`));
    await expect(figure.locator(`[data-widget="${name}"]`)).toHaveCount(1);
  }
  // Before any run, a widget that waits for its button says what it will measure.
  const lesson = new PruningLesson(page);
  await expect(lesson.root('prune-live')).toContainText('Press Prune and measure');
  await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();
});

test('linked values out of range or not among the options are corrected with a note', async ({ page }) => {
  const lesson = new PruningLesson(page);
  await lesson.open('?prune.share=150&prune.cut=bogus&prune.windows=20&ntok.temp=9');
  const prune = await lesson.find('prune-live');
  await expect(prune.getByRole('spinbutton', { name: /^Share pruned \(/ })).toHaveValue('90');
  await expect(prune.getByRole('combobox', { name: 'Prune' })).toHaveValue('neurons');
  await expect(lesson.controlNotes(prune)).toHaveText([
    '', // the criterion was not linked
    '“bogus” is not one of the options; using neurons.',
    '150 is above the maximum; using 90.',
    '20 is above the maximum; using 8.',
  ]);
  await expect.poll(() => lesson.param('prune.share')).toBe('90');
  await expect.poll(() => lesson.param('prune.windows')).toBe('8');
  await expect.poll(() => lesson.param('prune.cut')).toBeNull();

  const ntok = await lesson.find('next-token-match');
  await expect(ntok.getByRole('spinbutton', { name: /^Temperature \(/ })).toHaveValue('2');
  await expect(
    lesson.controlNotes(ntok).filter({ hasText: '9 is above the maximum; using 2.' }),
  ).toBeVisible();
  await expect.poll(() => lesson.param('ntok.temp')).toBe('2');
});

test('lesson 5 with its instant widgets drawn has no serious accessibility violations in light and dark @phone', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const lesson = new PruningLesson(page);
  // Weight magnitude scores in seconds; the map is drawn the same way whichever criterion scored it.
  await lesson.open('?imap.by=magnitude');
  for (const [name] of FIGURES) await lesson.find(name);
  // The importance map and the next-token match run by themselves once the device is known.
  for (const name of ['importance-map', 'next-token-match'] as const)
    await lesson.drawn(lesson.root(name), name, 90_000);
  for (const details of await page.locator('details').all()) await details.locator('summary').click();
  expect(await seriousViolationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
});
