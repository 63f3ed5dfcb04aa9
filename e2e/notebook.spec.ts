// The lab notebook (issue 20): lesson 2's memory calculator pinned for two models, the pins still there after a
// reload and drawn on one chart, one removed; the other's JSON export imported back (its CSV the same bytes as the
// lesson's), and a file that is not a table refused with the field named. The calculator is analytic, so the
// journey runs on the CPU backend.
import type { Download, Locator, Page } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import { cpuOnlyLaunchOptions } from './chromium';
import { reportFigure } from './figures';
import { expect, seriousViolations, test } from './fixtures';
import { openLessonWidget } from './pages/lesson-page';

test.use({ launchOptions: cpuOnlyLaunchOptions });

async function downloaded(button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([button.page().waitForEvent('download'), button.click()]);
  return { name: (file as Download).suggestedFilename(), bytes: await readFile(await file.path()) };
}

/** Lesson 2's calculator with `query`, its data table unfolded. */
async function calculator(page: Page, query: string): Promise<Locator> {
  const widget = await openLessonWidget(page, 'kv-cache', 'kv-calculator', query);
  await expect(widget.locator('svg[role="img"]')).toBeVisible();
  await widget.getByText('Data table').click();
  return widget;
}

test('tables pinned from a lesson stay, compare on one chart, and an export imports back byte for byte', async ({
  page,
}, testInfo) => {
  const llama2 = await calculator(page, '');
  await llama2.getByRole('button', { name: 'Pin this table to the lab notebook' }).click();
  await expect(llama2.getByText('Pinned: 1 in your lab notebook.')).toBeVisible();

  const llama3 = await calculator(page, '?kv.model=llama-3-8b');
  const lessonCsv = await downloaded(llama3.getByRole('button', { name: 'Download this table as CSV' }));
  const lessonJson = await downloaded(llama3.getByRole('button', { name: 'Download this table as JSON' }));
  await llama3.getByRole('button', { name: 'Pin this table to the lab notebook' }).click();
  await expect(llama3.getByText('Pinned: 2 in your lab notebook.')).toBeVisible();
  await llama3.getByRole('link', { name: 'Open the notebook' }).click();

  await expect(page).toHaveURL(/\/notebook\/$/);
  await page.reload();
  const figure = page.getByRole('region', { name: 'kv-calculator', exact: true });
  await expect(figure.locator('article.pin')).toHaveCount(2);
  // The chart draws the second numeric column (Weights) against the first (Batch B) until another is chosen.
  await figure
    .getByRole('combobox', { name: 'Column up, kv-calculator' })
    .selectOption({ label: 'KV cache' });
  const chart = figure.locator('svg[aria-label]').first();
  await expect(chart).toHaveAttribute('aria-label', /^KV cache against Batch B, 2 pins\. /);
  // One line per pin, each in its own colour.
  const strokes = await chart.evaluate((svg) =>
    [...svg.querySelectorAll('path[stroke]')]
      .map((path) => path.getAttribute('stroke'))
      .filter((stroke) => stroke !== 'currentColor'),
  );
  expect(new Set(strokes).size).toBe(2);
  // The same pins as one table, each row after its pin: both pins' rows.
  const pinnedRows = await figure.locator('article.pin tbody tr').count();
  await figure.getByText('Data table').first().click();
  const compared = figure.getByRole('region', { name: /^The 2 pins on the chart, row by row/ });
  await expect(compared.locator('tbody tr')).toHaveCount(pinnedRows);
  await expect(compared.locator('tbody tr').first().locator('td').first()).toHaveText(/^1 · .* UTC · /);
  expect(await seriousViolations(page)).toEqual([]);

  await figure
    .getByRole('button', { name: /^Remove the pin from / })
    .first()
    .click();
  await expect(figure.locator('article.pin')).toHaveCount(1);
  const status = page.locator('.notebook p.status');
  await expect(status).toContainText('Removed the pin of kv-calculator');

  const jsonPath = testInfo.outputPath(lessonJson.name);
  await writeFile(jsonPath, lessonJson.bytes);
  await page.getByLabel(/^Import a table/).setInputFiles(jsonPath);
  await expect(status).toHaveText(`Imported ${lessonJson.name} as a pin of kv-calculator.`);
  const pins = figure.locator('article.pin');
  await expect(pins).toHaveCount(2);
  const imported = pins.filter({ hasText: 'not recorded (imported)' });
  await imported.getByText('Data table').click();
  const notebookCsv = await downloaded(imported.getByRole('button', { name: 'Download this table as CSV' }));
  expect(notebookCsv.bytes.equals(lessonCsv.bytes)).toBe(true);
  await expect(imported.getByRole('button', { name: 'Pin this table to the lab notebook' })).toHaveCount(0);

  await page.getByLabel(/^Import a table/).setInputFiles(jsonPath);
  await expect(page.getByRole('alert')).toHaveText(
    `Not imported: ${lessonJson.name} is in the notebook already.`,
  );
  await expect(pins).toHaveCount(2);

  const badPath = testInfo.outputPath('not-a-table.json');
  await writeFile(
    badPath,
    JSON.stringify({ ...JSON.parse(lessonJson.bytes.toString('utf8')), format: 'csv' }),
  );
  await page.getByLabel(/^Import a table/).setInputFiles(badPath);
  await expect(page.getByRole('alert')).toHaveText(
    'Not imported: not-a-table.json is not a memory-bound table: its “format” is "csv".',
  );
  await expect(pins).toHaveCount(2);

  // The whole notebook out to one file, emptied, and read back: the same pins.
  const notebook = await downloaded(page.getByRole('button', { name: 'Download the notebook (JSON)' }));
  const notebookPath = testInfo.outputPath(notebook.name);
  await writeFile(notebookPath, notebook.bytes);
  await page.getByRole('button', { name: 'Remove every pin' }).click();
  await expect(page.locator('article.pin')).toHaveCount(0);
  await page.getByLabel(/^Import a table/).setInputFiles(notebookPath);
  await expect(status).toHaveText(`Imported ${notebook.name} as 2 pins of kv-calculator.`);
  const again = await downloaded(page.getByRole('button', { name: 'Download the notebook (JSON)' }));
  const csv = await downloaded(page.getByRole('button', { name: 'Download the notebook (CSV)' }));
  const cells = await page.locator('article.pin tbody td').count();
  expect(csv.bytes.toString('utf8').split('\r\n')).toHaveLength(1 + cells + 1);
  expect(JSON.parse(again.bytes.toString('utf8')).pins).toEqual(
    JSON.parse(notebook.bytes.toString('utf8')).pins,
  );
  reportFigure(
    `2 pins from lesson 2's calculator, 1 removed, 1 imported from its JSON; CSV round trip ${lessonCsv.bytes.length} bytes, identical; the notebook (${notebook.bytes.length} bytes) exported, emptied and imported back pin for pin`,
  );
});
