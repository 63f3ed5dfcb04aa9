// JavaScript a lesson page loads before the reader reaches any widget (issue 19's budget: at most 150 KB gzip a
// page). Each lesson opens at its top on a 1280×720 screen; every script the page fetched by the time the network is
// quiet, and every script written into the page, is counted at its gzip size (Node's zlib at its default level, the
// server's compression aside), so the figure is the same whatever serves the site. Widgets hydrate when they scroll
// into view, and no lesson has one on its first screen (checked); what reaching the first widget then fetches is
// reported beside it.
import type { Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { expect, test } from './fixtures';
import { reportFigure } from './figures';
import { builtPages } from './pages/built-pages';

const BUDGET_BYTES = 150 * 1024;

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sum = (sizes: number[]) => sizes.reduce((total, size) => total + size, 0);

/** The gzip size of every script the page fetches from now on, by address. */
function fetchedScripts(page: Page): Map<string, Promise<number>> {
  const scripts = new Map<string, Promise<number>>();
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script')
      scripts.set(
        response.url(),
        // A body that cannot be read counts as NaN, failing the budget rather than passing it short.
        response.body().then(
          (body) => gzipSync(body).byteLength,
          () => NaN,
        ),
      );
  });
  return scripts;
}

for (const path of builtPages().filter((p) => p.startsWith('/lessons/'))) {
  test(`JavaScript before any widget on ${path} fits the budget`, async ({ page }) => {
    const scripts = fetchedScripts(page);
    await page.goto(path, { waitUntil: 'networkidle' });
    const inView = await page.locator('[data-widget]').evaluateAll(
      (widgets) =>
        widgets.filter((w) => {
          const box = w.getBoundingClientRect();
          return box.top < innerHeight && box.bottom > 0;
        }).length,
    );
    const inline = await page
      .locator('script:not([src])')
      .evaluateAll((found) => found.map((script) => script.textContent ?? ''));
    const fetched = await Promise.all(scripts.values());
    const total = sum(fetched) + sum(inline.map((text) => gzipSync(text).byteLength));

    const first = page.locator('[data-widget]').first();
    await first.scrollIntoViewIfNeeded();
    await expect(first.locator('xpath=ancestor::astro-island[1]')).not.toHaveAttribute('ssr', {
      timeout: 15_000,
    });
    await page.waitForLoadState('networkidle');
    const withFirst = await Promise.all(scripts.values());

    reportFigure(
      `${kilobytes(total)} gzip: ${fetched.length} scripts fetched, ${inline.length} in the page ` +
        `(budget ${kilobytes(BUDGET_BYTES)}; ${inView} widgets on the first screen); scrolling to the first ` +
        `widget (${await first.getAttribute('data-widget')}) then fetched ${withFirst.length - fetched.length} more, ` +
        `${kilobytes(sum(withFirst) - sum(fetched))} gzip`,
    );
    expect(inView, 'no widget on the first screen, so none has loaded yet').toBe(0);
    expect(inline.length, 'the island loader is in the page').toBeGreaterThan(0);
    expect(withFirst.length, 'the first widget fetched its code').toBeGreaterThan(fetched.length);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
}
