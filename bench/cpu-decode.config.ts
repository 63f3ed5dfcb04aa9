// The CPU fallback's decode benchmark: the built site served by `astro preview`, lesson 1's live engine driven in
// headless Chromium with WebGPU unavailable, so the engine decodes in its Web Worker on the CPU as a reader's would.
// `npm run build && npm run bench:cpu`; the figures go to reports/cpu-decode.json.
import { defineConfig } from '@playwright/test';
import { cpuOnlyLaunchOptions } from '../e2e/chromium';

const port = 4322;

export default defineConfig({
  testDir: '.',
  testMatch: 'cpu-decode.bench.ts',
  timeout: 600_000,
  workers: 1,
  reporter: 'list',
  use: { baseURL: `http://127.0.0.1:${port}`, launchOptions: cpuOnlyLaunchOptions, serviceWorkers: 'block' },
  webServer: {
    command: `npx astro preview --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: true,
    timeout: 60_000,
  },
});
