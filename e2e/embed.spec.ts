// A figure embedded in another site's page (issue 20): lesson 1's intensity calculator, set by the address, copies
// its embed code; a page of another site holds that code (served by a server of the test's own as localhost, where
// the site is 127.0.0.1: Chrome keeps pages of public origins from framing a local one), and the frame shows the
// figure alone with its settings, passes axe, keeps later changes in its own address, and says so when the address
// names no figure.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, seriousViolations, test } from './fixtures';
import { openLesson1Widget } from './pages/lesson-page';

/** Serves `html` at every path from a port of its own; resolves with the server and its origin as localhost. */
function serveEmbeddingPage(html: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  return new Promise((resolve) =>
    server.listen(0, () =>
      resolve({ server, origin: `http://localhost:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

test('copy embed code gives an iframe that shows this figure alone, set as it is now, in another origin’s page', async ({
  page,
  context,
  ownOrigins,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const widget = await openLesson1Widget(page, 'intensity-calculator', '?calc.B=8');
  await widget.getByRole('button', { name: /^Copy embed code/ }).click();
  await expect(widget.getByText('Embed code copied.')).toBeVisible();
  const code = await page.evaluate(() => navigator.clipboard.readText());
  const caption = (await page.locator('#intensity-calculator figcaption').textContent())!.replace(
    /\s+/g,
    ' ',
  );
  expect(code).toMatch(
    /^<iframe src="http:\/\/[^"]+\/lessons\/prefill-decode\/\?[^"]*embed=intensity-calculator"/,
  );
  expect(code).toContain(`title="${caption.trim()}"`);

  const host = await serveEmbeddingPage(
    `<!doctype html><html lang="en"><title>Another site</title><h1>Another site</h1>${code}</html>`,
  );
  ownOrigins.add(host.origin);
  try {
    await page.goto(`${host.origin}/a-page-about-inference/`);
    const frame = page.frameLocator('iframe');
    const embedded = frame.locator('[data-widget="intensity-calculator"]');
    await expect(embedded).toBeVisible({ timeout: 15_000 });
    const inner = page.frames().find((f) => f !== page.mainFrame())!;
    expect(new URL(inner.url()).origin).not.toBe(await page.evaluate(() => origin));
    await expect(embedded.locator('[data-url-key="calc.B"] input[type=number]')).toHaveValue('8');
    await expect(frame.locator('figure.figure:visible')).toHaveCount(1);
    await expect(frame.locator('.site-header')).toBeHidden();
    await expect(frame.locator('h1')).toBeHidden();
    expect(await seriousViolations(page)).toEqual([]);

    // The figure keeps its own settings in the frame's address.
    const field = embedded.locator('[data-url-key="calc.T"] input[type=number]');
    await field.fill('128');
    await field.press('Enter');
    await expect.poll(() => new URL(inner.url()).searchParams.get('calc.T')).toBe('128');
    expect(new URL(inner.url()).searchParams.get('embed')).toBe('intensity-calculator');

    // An address naming no figure of the lesson says so, listing those it has.
    await inner.goto(inner.url().replace('embed=intensity-calculator', 'embed=no-such-figure'));
    await expect(frame.getByRole('alert')).toHaveText(
      /^This lesson has no figure “no-such-figure” to embed\. Its figures are: live-engine, intensity-calculator, /,
    );
    await expect(frame.locator('figure.figure:visible')).toHaveCount(0);
  } finally {
    host.server.close();
  }
});

test('an embed address hides the lesson before any module script runs, so the whole lesson never shows in the frame', async ({
  page,
}) => {
  // The module scripts held back: what shows then is what the page shows from its first paint.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/lessons/prefill-decode/?embed=intensity-calculator', { waitUntil: 'commit' });
  await expect(page.locator('html')).toHaveAttribute('data-embed', '');
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('.lesson-header')).toBeHidden();
  await expect(page.locator('.lesson-body > p').first()).toBeAttached();
  await expect(page.locator('.lesson-body > p').first()).toBeHidden();
  release();
  await expect(page.locator('#intensity-calculator')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('.lesson-header')).toBeHidden();
});
