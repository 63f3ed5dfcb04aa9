// A lesson printed as a handout (issue 20): its Print handout button draws every figure, comes back to where the
// reader was and opens the print dialog; under print media the page drops the site's frame, the contents, the
// buttons and the sliders' tracks, shows each control as its value, prints light even in dark mode, and says which
// address it came from. Run on the CPU backend: drawing every figure hydrates the page's engine widgets too.
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { reportFigure } from './figures';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

test('a lesson prints as a handout: every figure drawn, controls as their values, the address it came from', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // The print dialog is replaced by a record of the page as it stood when the dialog would have opened.
  await page.addInitScript(() => {
    const printed = window as unknown as { atPrint: { waiting: number; undrawn: number; charts: number }[] };
    printed.atPrint = [];
    window.print = () => {
      const charts = [...document.querySelectorAll('.plot-chart')];
      printed.atPrint.push({
        waiting: document.querySelectorAll('astro-island[ssr]').length,
        undrawn: charts.filter((c) => c.hasAttribute('data-pending') || !c.querySelector('svg')).length,
        charts: charts.length,
      });
    };
  });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/lessons/prefill-decode/?calc.B=24');
  const waiting = await page.locator('astro-island[ssr]').count();
  expect(waiting).toBeGreaterThan(3);

  const button = page.getByRole('button', { name: 'Print handout' });
  await button.click();
  const atPrint = () =>
    page.evaluate(
      () =>
        (window as unknown as { atPrint: { waiting: number; undrawn: number; charts: number }[] }).atPrint,
    );
  await expect.poll(async () => (await atPrint()).length, { timeout: 90_000 }).toBe(1);
  // When the dialog opened every island had hydrated and every chart had drawn (an engine widget that has not run
  // shows its empty state, not a chart).
  const [state] = await atPrint();
  expect(state).toMatchObject({ waiting: 0, undrawn: 0 });
  await expect(button).toBeFocused();
  // Back where the reader pressed the button, at the top.
  expect(await page.evaluate(() => scrollY)).toBeLessThan(200);
  expect(state!.charts).toBeGreaterThanOrEqual(3);

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
    `lesson 1: ${waiting} islands (widgets and exercises) hydrated before printing, ${state!.charts} charts, ${pages.length} A4 pages as a PDF`,
  );
});
