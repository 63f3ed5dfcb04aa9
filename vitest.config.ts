/// <reference types="vitest/config" />
// Vitest runs the unit tests beside the code (engine/, components/, site/) with Astro's Vite config and aliases.
import { getViteConfig } from 'astro/config';

export default getViteConfig({
  test: {
    include: ['engine/**/*.test.ts', 'components/**/*.test.ts', 'site/**/*.test.ts'],
    environment: 'node',
  },
});
