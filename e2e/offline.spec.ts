// Offline (issue 19): after one visit the service worker holds the whole built site, so with the network cut every
// page loads and the live engine runs a shipped model. The one journey that lets the worker register (the others
// block it in playwright.config.ts).
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { reportFigure } from './figures';
import { builtPages } from './pages/built-pages';
import { LiveEngine } from './pages/live-engine';
import { precacheManifest } from '../site/offline/precache-manifest.mjs';

test.use({
  serviceWorkers: 'allow',
  // WebGPU off: the live engine runs on the CPU backend, and the pages' widgets do not start SwiftShader.
  launchOptions: cpuOnlyLaunchOptions,
});

test('after one visit, every page and the live engine work with the network cut', async ({
  page,
  context,
  baseURL,
}) => {
  const manifest = precacheManifest('dist');
  const pages = builtPages();

  // The first visit: the worker installs, fetching every file, and takes charge of this page without a reload.
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const keys = names.map(async (name) => {
      const requests = await (await caches.open(name)).keys();
      return [name, requests.map((r) => new URL(r.url).pathname).sort()] as const;
    });
    return Object.fromEntries(await Promise.all(keys));
  });
  const scope = new URL('/', baseURL).href;
  expect(cached).toEqual({ [`memory-bound ${scope} ${manifest.version}`]: manifest.urls });

  // Cut the network, and show it is cut: a file the worker does not hold cannot be fetched. (From a second page:
  // the browser reports the refused request as a console error, which would fail this page's journey.)
  await context.setOffline(true);
  const probe = await context.newPage();
  expect((await probe.goto('/'))?.fromServiceWorker()).toBe(true);
  const uncached = `/not-cached-${Date.now()}`;
  const answer = await probe.evaluate(
    (url) =>
      fetch(url).then(
        (response) => `served, ${response.status}`,
        (error: unknown) => `refused: ${String(error)}`,
      ),
    uncached,
  );
  expect(answer).toMatch(/^refused: TypeError/);
  await probe.close();

  // Every page, from the worker, with its heading.
  for (const path of pages) {
    const response = await page.goto(path);
    expect(response?.fromServiceWorker(), `${path} from the service worker`).toBe(true);
    await expect(page.getByRole('heading', { level: 1 }), path).toHaveText(/\S/);
  }

  // A page asked for without its trailing slash is the same page.
  expect((await page.goto('/lessons/kv-cache'))?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The KV cache');

  // Lesson 1's live engine loads the trained model's files from the cache and generates on the CPU. The address
  // carries the settings, which the worker ignores when it finds the page.
  const live = new LiveEngine(page);
  await live.open('?live.size=prose-target&live.tokens=4&live.temp=0');
  await live.run(4);
  await expect(live.backend()).toHaveText('CPU (JavaScript)');
  await expect(live.generated()).toHaveText(/\w/);
  reportFigure(
    `${manifest.urls.length} files (${(manifest.bytes / 1e6).toFixed(1)} MB) precached at the first ` +
      `visit; ${pages.length} pages and the live engine on the CPU worked with the network cut`,
  );
});
