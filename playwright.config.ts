// End-to-end tests: the built site served by `astro preview`, driven in headless Chromium with WebGPU enabled.
import { availableParallelism } from 'node:os';
import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';
import { PREVIEW_PORT, previewServer } from './e2e/preview-server';

/** Journeys that measure speed, so must run with nothing else on the machine. */
const BUDGETS = /budgets\/.*\.spec\.ts$/;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // CI has two cores and SwiftShader for WebGPU: a page with several widgets, or a tiny model's first GPU run,
  // takes 20–40 s there. Longer journeys set their own limit.
  timeout: 90_000,
  // Two at a time even on two cores: on a two-core machine like CI's the whole run took 20.9 min with two workers
  // against 26.6 min with one, every journey passing (one run each). More where there are more cores.
  workers: Math.max(2, Math.floor(availableParallelism() / 2)),
  // The summary reporter prints the run's figures at the end and writes them to test-results/summary.md.
  reporter: [
    ['list'],
    ['./e2e/summary-reporter.ts'],
    ...(process.env.CI ? [] : [['html', { open: 'never' }] as const]),
  ],
  use: {
    baseURL: `http://127.0.0.1:${PREVIEW_PORT}`,
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
    // The built site registers a service worker that precaches all of it (35 MB, mostly models). Only the offline
    // journey lets it, so the other journeys neither wait for nor pay for that download.
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined }, testIgnore: BUDGETS },
    {
      name: 'phone',
      use: { ...devices['Pixel 7'], channel: undefined },
      grep: /@phone/,
      testIgnore: BUDGETS,
    },
    // Lighthouse scores and interaction latency depend on a quiet machine: these run last, one at a time, after
    // every other journey (so a failure there skips them). Alone: `npx playwright test e2e/budgets --no-deps`.
    {
      name: 'budgets',
      use: { ...devices['Desktop Chrome'], channel: undefined },
      testMatch: BUDGETS,
      dependencies: ['desktop', 'phone'],
      workers: 1,
    },
  ],
  webServer: previewServer(!process.env.CI),
});
