// Shared test fixtures: every test fails on a console error or an uncaught page error, and on any request that
// leaves the site's origin (the notebook runs entirely on the reader's machine and uploads nothing); and can scan
// for accessibility violations with axe-core.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { PAGE_OPENED, REQUESTS_CHECKED } from './figures';

/** Schemes a page may load from without a request leaving it: inline data, its own blobs, blank frames. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

/** Whether a navigation is to one of the site's pages (a folder), not a file such as a model's weights. */
function isPage(url: URL): boolean {
  return !url.pathname.slice(url.pathname.lastIndexOf('/') + 1).includes('.');
}

export const test = base.extend<{ consoleErrors: string[]; offOrigin: string[]; ownOrigins: Set<string> }>({
  /** Origins of servers the test itself runs on this machine (a page that embeds the site's), which requests may reach. */
  ownOrigins: async ({}, use) => use(new Set<string>()),
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      expect(errors, 'console errors on the page').toEqual([]);
    },
    { auto: true },
  ],
  offOrigin: [
    async ({ context, baseURL, ownOrigins }, use, testInfo) => {
      const site = new URL(baseURL!).origin;
      const elsewhere: string[] = [];
      const pages = new Set<string>();
      let checked = 0;
      // The context's requests include those of the page's workers.
      context.on('request', (request) => {
        checked++;
        const url = new URL(request.url());
        if (!LOCAL_SCHEMES.has(url.protocol) && url.origin !== site && !ownOrigins.has(url.origin))
          elsewhere.push(request.url());
        else if (request.isNavigationRequest() && url.origin === site && isPage(url))
          pages.add(url.pathname.replace(/\/?$/, '/'));
      });
      await use(elsewhere);
      testInfo.annotations.push(
        { type: REQUESTS_CHECKED, description: String(checked) },
        ...[...pages].map((path) => ({ type: PAGE_OPENED, description: path })),
      );
      expect(elsewhere, `requests that left ${site}`).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Violations of impact serious or critical on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * seriousViolations in the light colour scheme, then in the dark one, on the page as it is: the site's dark mode is
 * CSS alone (prefers-color-scheme; no script draws from it, and only a chart's export reads the computed colours, when
 * a reader asks), so one load serves both scans.
 */
export async function seriousViolationsInBothSchemes(
  page: Page,
): Promise<Record<'light' | 'dark', string[]>> {
  const found = { light: [] as string[], dark: [] as string[] };
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    found[colorScheme] = await seriousViolations(page);
  }
  return found;
}
