// The CPU fallback's decode benchmark: the built site served by `astro preview`, lesson 1's live engine driven in
// headless Chromium with WebGPU unavailable, so the engine decodes in its Web Worker on the CPU as a reader's would.
// `npm run build && npm run bench:cpu`; the figures go to reports/cpu-decode.json.
import { defineConfig } from '@playwright/test';
import { cpuOnlyLaunchOptions } from '../e2e/chromium';
import { PREVIEW_PORT, previewServer } from '../e2e/preview-server';

export default defineConfig({
  testDir: '.',
  testMatch: 'cpu-decode.bench.ts',
  timeout: 600_000,
  workers: 1,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${PREVIEW_PORT}`,
    launchOptions: cpuOnlyLaunchOptions,
    serviceWorkers: 'block',
  },
  webServer: previewServer(true, '..'),
});
