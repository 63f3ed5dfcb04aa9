// A lesson printed as a handout (issue 20): its Print handout button draws every figure, comes back to where the
// reader was and opens the print dialog; under print media the page drops the site's frame, the contents, the
// buttons and the sliders' tracks, shows each control as its value, prints light even in dark mode, and says which
// address it came from. Run on the CPU backend: drawing every figure hydrates the page's engine widgets too.
import { expect, test } from './fixtures';
import { chromiumLaunchOptions } from './chromium';
import { reportFigure } from './figures';

test.use({
  launchOptions: {
    ...chromiumLaunchOptions,
    args: chromiumLaunchOptions.args.filter((a) => !a.includes('webgpu')),
  },
});

test('a lesson prints as a handout: every figure drawn, controls as their values, the address it came from', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    const printed = window as unknown as { printCalls: number };
    printed.printCalls = 0;
    window.print = () => void printed.printCalls++;
  });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/lessons/prefill-decode/?calc.B=24');
  const waiting = await page.locator('astro-island[ssr]').count();
  expect(waiting).toBeGreaterThan(3);

  await page.getByRole('button', { name: 'Print handout' }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { printCalls: number }).printCalls), {
      timeout: 90_000,
    })
    .toBe(1);
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
  await expect(page.locator('.plot-chart[data-pending]')).toHaveCount(0);
  // Back where the reader pressed the button, at the top.
  expect(await page.evaluate(() => scrollY)).toBeLessThan(200);
  // Every chart on the page is drawn (an engine widget that has not run shows no chart yet, only its empty state).
  const frames = await page.locator('.plot-chart').all();
  expect(frames.length).toBeGreaterThanOrEqual(3);
  for (const frame of frames) await expect(frame.locator('svg').first()).toBeAttached();

  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  for (const hidden of ['.site-footer', '.toc', '.pager', '.print-handout'])
    await expect(page.locator(hidden).first()).toBeHidden();
  await expect(page.locator('.widget button:visible')).toHaveCount(0);
  await expect(page.locator('input[type=range]:visible')).toHaveCount(0);
  const batch = page.locator('[data-url-key="calc.B"] input[type=number]');
  await expect(batch).toBeVisible();
  await expect(batch).toHaveValue('24');
  await expect(page.locator('.print-source')).toHaveText(
    /^Printed on .+ from http:\/\/127\.0\.0\.1:\d+\/lessons\/prefill-decode\/\?calc\.B=24; that address opens/,
  );
  const paper = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(paper).toBe('rgb(255, 255, 255)');
  await expect(page.locator('h1')).toHaveCSS('color', 'rgb(29, 31, 35)');

  const pdf = await page.pdf({ format: 'A4' });
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? [];
  expect(pages.length).toBeGreaterThan(3);
  reportFigure(
    `lesson 1: ${waiting} islands (widgets and exercises) hydrated before printing, ${frames.length} charts, ${pages.length} A4 pages as a PDF`,
  );
});
