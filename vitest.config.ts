/// <reference types="vitest/config" />
// Vitest, with Astro's Vite config and aliases. Projects chosen by suffix: unit tests (`*.test.ts`) in Node, reactive
// classes whose effects must run (`*.svelte.test.ts`) on Svelte's client runtime in jsdom, and
// tests that need WebGPU (`*.gpu.test.ts`, beside their subject) in real Chromium (WebGPU on SwiftShader where there
// is no GPU), each kernel against its CPU twin. Beside the default reporter, one writes the figures the tests
// measured to reports/unit-figures.json for the end-to-end summary.
import { getViteConfig } from 'astro/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './e2e/chromium.ts';
import UnitFiguresReporter from './reporters/unit-figures-reporter.ts';

export default getViteConfig({
  test: {
    reporters: ['default', new UnitFiguresReporter()],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'engine/**/*.test.ts',
            'components/**/*.test.ts',
            'site/**/*.test.ts',
            'reporters/**/*.test.ts',
          ],
          exclude: ['**/*.gpu.test.ts', '**/*.svelte.test.ts'],
          environment: 'node',
          // Some tests run the shipped models forward on the CPU beside the GPU project's Chromium: seconds each on
          // two busy cores, past Vitest's default 5 s (CI timed out two such files).
          testTimeout: 60_000,
        },
      },
      {
        // Reactive classes whose effects must run: compiled for Svelte's client runtime, in jsdom.
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'svelte',
          include: ['components/**/*.svelte.test.ts'],
          environment: 'jsdom',
          setupFiles: ['components/testing/reduced-motion.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'gpu',
          include: ['**/*.gpu.test.ts'],
          // SwiftShader on CI's two busy cores runs several times slower than here: a 7 s test once passed 60 s.
          testTimeout: 180_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
