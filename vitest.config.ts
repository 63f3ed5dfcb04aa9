/// <reference types="vitest/config" />
// Vitest, with Astro's Vite config and aliases. Two projects: unit tests in Node, and the WebGPU kernel tests in
// real Chromium (WebGPU on SwiftShader where there is no GPU), each kernel against its CPU twin.
import { getViteConfig } from 'astro/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './e2e/chromium.ts';

export default getViteConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['engine/**/*.test.ts', 'components/**/*.test.ts', 'site/**/*.test.ts'],
          exclude: ['engine/gpu/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'gpu',
          include: ['engine/gpu/**/*.test.ts', 'bench/**/*.test.ts'],
          testTimeout: 60_000,
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
