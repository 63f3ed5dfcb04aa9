// The running example (issue 12): lesson 1 works Llama 2 13B on one H100 at S = 1,024 through batches 1, 64 and
// 256 in the lecture's accounting and the engine's; lesson 3 shows the same with 8 KV heads and links back to it.
// The tables must hold what the analytic model computes; the pages are analytic, so this runs on the CPU backend.
import { cpuOnlyLaunchOptions } from './chromium';
import { expect, seriousViolations, test } from './fixtures';
import { firstNumber } from './pages/engine-lesson';
import { openLessonWidget } from './pages/lesson-page';
import { analytic } from '../engine/index';
import { formatInteger } from '../components/charts/format';
import {
  RUNNING,
  runningRows,
  runningSetup,
  runningTable,
} from '../components/running-example/running-example';

test.use({ launchOptions: cpuOnlyLaunchOptions });

test('lesson 1 works the running example in both accountings, and lesson 3 shows it with 8 KV heads', async ({
  page,
}) => {
  const table = async (slug: string, widget: string) => {
    const root = await openLessonWidget(page, slug, widget, '');
    return root
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)));
  };
  const reveal = async (id: string, guess: string) => {
    const exercise = page.locator(`#${id}`);
    await exercise.scrollIntoViewIfNeeded();
    await expect(exercise.locator('xpath=ancestor::astro-island')).not.toHaveAttribute('ssr');
    await exercise.getByRole('textbox').fill(guess);
    await exercise.getByRole('button', { name: 'Reveal the answer' }).click();
    return exercise.getByRole('status');
  };
  const multiHead = await table('prefill-decode', 'running-example');
  expect(multiHead).toEqual(runningTable(runningRows(runningSetup())));
  expect(multiHead.map((row) => row[2])).toEqual(['yes', 'yes', 'no']);
  await expect(page.locator('#running-example')).toContainText(/the two agree to [\d.]+ %/);
  expect(await seriousViolations(page)).toEqual([]);
  // The batch trade-off exercise, worked from what the page states, lands on the table's last row.
  const tradeoff = await reveal('ex-batch-tradeoff', '5000');
  await expect(tradeoff).toContainText(`Answer: ${multiHead[2]![4]} tokens/s`);
  await expect(tradeoff).toContainText('so the batch does not fit');

  const grouped = await table('shrinking-kv-cache', 'running-example-gqa');
  expect(grouped).toEqual(runningTable(runningRows(runningSetup(8))));
  expect(grouped.map((row) => row[2])).toEqual(['yes', 'yes', 'yes']);
  // GQA's gain at B = 64: the exercise's answer is the ratio of the two tables' lecture step times.
  const gain = firstNumber(await (await reveal('ex-gqa-gain', '2')).locator('strong').textContent());
  const stepAt64 = (rows: typeof grouped) => firstNumber(rows[1]![3]!);
  expect(Math.abs(gain / (stepAt64(multiHead) / stepAt64(grouped)) - 1)).toBeLessThan(0.01);
  await page.getByRole('link', { name: 'the multi-head table' }).click();
  await expect(page).toHaveURL(/\/lessons\/prefill-decode\/#running-example$/);
  await expect(page.locator('#running-example')).toBeInViewport();
});

test('lesson 1 opens with the notation, in the running example’s values, and a one-layer diagram a screen reader can read', async ({
  page,
}) => {
  await page.goto('/lessons/prefill-decode/');
  const notation = page.getByRole('region', { name: 'Notation' });
  const value = (letter: string) =>
    notation
      .getByRole('row', { name: new RegExp(`^${letter} `) })
      .locator('td')
      .last();
  const shape = analytic.modelById(RUNNING.model).shape;
  for (const letter of ['V', 'D', 'F', 'L', 'N', 'K', 'H'] as const)
    await expect(value(letter)).toHaveText(formatInteger(shape[letter]));
  await expect(value('S')).toHaveText(formatInteger(RUNNING.S));
  const diagram = page.getByRole('img', { name: 'One decoder layer of a Llama-style model', exact: true });
  await expect(diagram).toBeVisible();
  await expect(diagram).toHaveAccessibleDescription(
    /^A token's vector, D numbers wide, flows down the residual stream/,
  );
  expect(await seriousViolations(page)).toEqual([]);
});
