// Astro configuration: the site lives in site/, lessons in lessons/, widgets in components/, the engine in engine/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';
import mdx from '@astrojs/mdx';
import offline from './site/offline/offline-integration.mjs';
import { EARLY_EMBED_HASH } from './site/embed/early-embed.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  srcDir: './site',
  // Serve from a sub-path (a classroom CDN, a project page) by setting BASE_PATH, e.g. BASE_PATH=/memory-bound/.
  base: process.env.BASE_PATH ?? '/',
  trailingSlash: 'ignore',
  // offline(): after the build, writes the service worker that keeps every page and shipped model for offline reading.
  integrations: [svelte(), mdx(), offline()],
  // A Content-Security-Policy in every page's head: scripts only from the site itself or hashed (Astro's inline island
  // loaders, and embed mode's first line, site/embed/early-embed.mjs); requests, workers and images only to and from the site. Inline styles stay allowed, as
  // elements and as attributes: Observable Plot writes a <style> into every chart and legend, widgets size and
  // colour elements with style attributes, and a style cannot run code or, with img-src kept to the site, send
  // anything elsewhere.
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data: blob:",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: { hashes: [EARLY_EMBED_HASH] },
      styleDirective: {
        resources: [
          "'self'",
          { resource: "'self'", kind: 'element' },
          { resource: "'unsafe-inline'", kind: 'element' },
          { resource: "'unsafe-inline'", kind: 'attribute' },
        ],
      },
    },
  },
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
