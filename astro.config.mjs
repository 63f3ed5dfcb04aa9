// Astro configuration: the site lives in site/, lessons in lessons/, widgets in components/, the engine in engine/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';
import mdx from '@astrojs/mdx';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  srcDir: './site',
  // Serve from a sub-path (a classroom CDN, a project page) by setting BASE_PATH, e.g. BASE_PATH=/memory-bound/.
  base: process.env.BASE_PATH ?? '/',
  trailingSlash: 'ignore',
  integrations: [svelte(), mdx()],
  vite: {
    // The engine's worker imports modules, so it is bundled as an ES module worker.
    worker: { format: 'es' },
    resolve: {
      alias: {
        '@engine': here('./engine'),
        '@components': here('./components'),
        '@kit': here('./site/lesson-kit'),
      },
    },
  },
});
