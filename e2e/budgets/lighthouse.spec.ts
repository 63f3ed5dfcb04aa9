// Lighthouse (its npm package, driving the same system Chromium) on every page of the built site with both of its
// presets. Gates (issue 19): desktop scores 100 in performance, accessibility, best practices and SEO; mobile
// (a mid-range phone on a slow 4G network, simulated) scores at least 95 in performance and 100 in accessibility.
// Every page's scores go into the run's summary, so a regression shows as a changed number.
import { launch, type LaunchedChrome } from 'chrome-launcher';
import lighthouse, { type Config } from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { test as base, expect } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { reportFigure } from '../figures';
import { builtPages } from '../pages/built-pages';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof CATEGORIES)[number];

/** The lowest score (0–100) each preset may give each category. */
const GATES: Record<'desktop' | 'mobile', Partial<Record<Category, number>>> = {
  desktop: { performance: 100, accessibility: 100, 'best-practices': 100, seo: 100 },
  mobile: { performance: 95, accessibility: 100 },
};

/** Audits of a page whose first audit misses a gate, whose median is kept. */
const RUNS_WHERE_MISSED = 5;

/** Lighthouse's configuration for each preset: its default is the mobile one. */
const PRESETS: Record<keyof typeof GATES, Config | undefined> = { desktop: desktopConfig, mobile: undefined };

interface Audit {
  scores: Record<Category, number>;
  blockingMs: number;
  largestPaintMs: number;
}

/** One Chromium for the worker's audits, started the way Lighthouse expects (it speaks to it on a debugging port). */
const test = base.extend<object, { chrome: LaunchedChrome }>({
  chrome: [
    async ({}, use) => {
      const chrome = await launch({
        chromePath: chromiumLaunchOptions.executablePath,
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-background-networking'],
      });
      await use(chrome);
      chrome.kill();
    },
    { scope: 'worker' },
  ],
});

async function audit(url: string, port: number, preset: keyof typeof GATES): Promise<Audit> {
  const result = await lighthouse(
    url,
    {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
      disableFullPageScreenshot: true,
      // Lighthouse clears the service worker before each audit, so every load would start its 35 MB precache on
      // these two cores while the page is traced; Lighthouse audits the page, so the worker stays out.
      blockedUrlPatterns: ['*/sw.js'],
    },
    PRESETS[preset],
  );
  const lhr = result?.lhr;
  if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
  const scores = Object.fromEntries(
    CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)]),
  ) as Record<Category, number>;
  return {
    scores,
    blockingMs: lhr.audits['total-blocking-time']?.numericValue ?? NaN,
    largestPaintMs: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
  };
}

function describeAudit(preset: string, { scores, blockingMs, largestPaintMs }: Audit, runs: number): string {
  const list = CATEGORIES.map((id) => scores[id]).join('/');
  const of = runs > 1 ? `, median of ${runs} runs` : '';
  return `${preset} ${list} (total blocking time ${Math.round(blockingMs)} ms, largest contentful paint ${(largestPaintMs / 1000).toFixed(1)} s${of})`;
}

function meetsGates(preset: keyof typeof GATES, { scores }: Audit): boolean {
  return Object.entries(GATES[preset]).every(([category, least]) => scores[category as Category] >= least);
}

/** Each category's median over the audits (an odd number of them), and the median blocking time and paint. */
function median(audits: Audit[]): Audit {
  const middle = (values: number[]) => values.sort((a, b) => a - b)[(values.length - 1) / 2]!;
  return {
    scores: Object.fromEntries(
      CATEGORIES.map((id) => [id, middle(audits.map((a) => a.scores[id]))]),
    ) as Audit['scores'],
    blockingMs: middle(audits.map((a) => a.blockingMs)),
    largestPaintMs: middle(audits.map((a) => a.largestPaintMs)),
  };
}

/**
 * One audit, or where it misses a gate the median of five: the simulated throttling scales the main thread's tasks
 * as this machine ran them, so one busy moment can cost a page several points. Lighthouse's guide to variability
 * advises the median of five runs (github.com/GoogleChrome/lighthouse, docs/variability.md); here one page's mobile
 * performance ranged 84–100 over eight audits of one build.
 */
async function scored(url: string, port: number, preset: keyof typeof GATES): Promise<[Audit, number]> {
  const audits = [await audit(url, port, preset)];
  if (meetsGates(preset, audits[0]!)) return [audits[0]!, 1];
  while (audits.length < RUNS_WHERE_MISSED) audits.push(await audit(url, port, preset));
  return [median(audits), audits.length];
}

for (const path of builtPages()) {
  test(`Lighthouse scores ${path} within its budgets`, async ({ chrome, baseURL }) => {
    test.setTimeout(300_000);
    const url = new URL(path, baseURL).href;
    const [desktop, desktopRuns] = await scored(url, chrome.port, 'desktop');
    const [mobile, mobileRuns] = await scored(url, chrome.port, 'mobile');
    const audits = { desktop, mobile };
    reportFigure(
      `${describeAudit('desktop', desktop, desktopRuns)}; ${describeAudit('mobile', mobile, mobileRuns)} ` +
        '(performance/accessibility/best practices/SEO, 0–100)',
    );
    for (const [preset, gates] of Object.entries(GATES) as [
      keyof typeof GATES,
      Partial<Record<Category, number>>,
    ][])
      for (const [category, least] of Object.entries(gates))
        expect
          .soft(audits[preset].scores[category as Category], `${preset} ${category}`)
          .toBeGreaterThanOrEqual(least);
  });
}
