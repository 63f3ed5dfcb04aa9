// A widget's data and chart taken away, and its state shared by link (issue 20): lesson 1's intensity calculator,
// set by the address, downloads its data table as CSV (the cells the page shows, byte for byte) and JSON (with its
// caption and link), its chart as a standalone SVG and a PNG at twice its size, and copies a link that reopens the
// page with the same settings at the same figure.
import type { Download, Locator } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { openLesson1Widget, openLessonWidget } from './pages/lesson-page';
import { tableCsv } from '../components/export/table-export';

const QUERY = '?calc.B=8&calc.T=512';

async function downloaded(button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([button.page().waitForEvent('download'), button.click()]);
  return { name: (file as Download).suggestedFilename(), bytes: await readFile(await file.path()) };
}

test('the data table downloads as CSV and JSON, the chart as SVG and PNG', async ({ page }) => {
  const widget = await openLesson1Widget(page, 'intensity-calculator', QUERY);
  await expect(widget.locator('svg[role="img"]')).toBeVisible();
  await widget.getByText('Data table').click();
  const columns = await widget.locator('thead th').allTextContents();
  const rows = await widget
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  expect(rows.length).toBeGreaterThan(0);

  const csv = await downloaded(widget.getByRole('button', { name: 'Download this table as CSV' }));
  expect(csv.name).toBe('intensity-calculator-data.csv');
  expect(csv.bytes.toString('utf8')).toBe(tableCsv(columns, rows));

  const json = await downloaded(widget.getByRole('button', { name: 'Download this table as JSON' }));
  expect(json.name).toBe('intensity-calculator-data.json');
  const data = JSON.parse(json.bytes.toString('utf8'));
  expect(data).toMatchObject({ format: 'memory-bound/table', version: 1, columns, rows, link: page.url() });
  expect(data.caption).toBe(await widget.locator('caption').textContent());
  expect(Date.parse(data.exported)).toBeGreaterThan(Date.now() - 60_000);

  const svg = await downloaded(widget.getByRole('button', { name: 'Download this chart as SVG' }));
  expect(svg.name).toBe('intensity-calculator-chart.svg');
  const svgText = svg.bytes.toString('utf8');
  expect(svgText).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  expect(svgText).not.toContain('var(--');
  expect(svgText).toContain(await widget.locator('svg[role="img"]').getAttribute('aria-label'));

  const png = await downloaded(widget.getByRole('button', { name: 'Download this chart as PNG' }));
  expect(png.name).toBe('intensity-calculator-chart.png');
  expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  const box = (await widget.locator('svg[role="img"]').boundingBox())!;
  // The IHDR chunk holds the width and height, big-endian, at bytes 16 and 20.
  expect(png.bytes.readUInt32BE(16)).toBe(Math.round(box.width * 2));
  expect(png.bytes.readUInt32BE(20)).toBe(Math.round(box.height * 2));
});

test('copy link gives the address of these settings at this figure, and it opens them there', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const widget = await openLesson1Widget(page, 'intensity-calculator', QUERY);
  await widget.getByRole('button', { name: 'Copy link to this figure as it is set now' }).click();
  await expect(widget.getByText('Link copied.')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(`${page.url().replace(/#.*$/, '')}#intensity-calculator`);
  expect(new URL(link).searchParams.get('calc.B')).toBe('8');

  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.locator('#intensity-calculator')).toBeInViewport();
  await expect(page.locator('[data-url-key="calc.B"] input[type=number]')).toHaveValue('8');
});

test('a chart with a colour legend downloads with the legend drawn into the SVG and the PNG', async ({
  page,
}) => {
  const widget = await openLessonWidget(page, 'kv-cache', 'kv-calculator', '');
  const chart = widget.locator('svg[role="img"]');
  await expect(chart).toBeVisible();
  const legend = widget.locator('.plot-chart figure > div').first();
  const labels = (await legend.innerText()).split('\n').filter((l) => l.trim() !== '');
  expect(labels).toEqual(['weights', 'KV cache']);

  const svg = (await downloaded(widget.getByRole('button', { name: 'Download this chart as SVG' }))).bytes;
  const texts = [...svg.toString('utf8').matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  for (const label of labels) expect(texts).toContain(label);
  expect(svg.toString('utf8')).toContain(`aria-label="${await chart.getAttribute('aria-label')}"`);

  const png = (await downloaded(widget.getByRole('button', { name: 'Download this chart as PNG' }))).bytes;
  // The legend sits above the chart: the image runs from its swatches to the chart's foot, at twice the size.
  const [chartBox, swatchBox] = [
    (await chart.boundingBox())!,
    (await legend.locator('svg').first().boundingBox())!,
  ];
  expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(
    Math.floor((chartBox.y + chartBox.height - swatchBox.y) * 2),
  );
});
