// The Astro integration that makes the site work offline: after the build it lists every file in the output folder
// (precache-manifest.mjs) and writes the service worker, service-worker.ts bundled with that list, each file's hash
// and the version, to sw.js at the site's base. The page registers it (site/components/ServiceWorker.astro).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { precacheManifest, SERVICE_WORKER } from './precache-manifest.mjs';

const SOURCE = fileURLToPath(new URL('./service-worker.ts', import.meta.url));

/**
 * Write `dir`/sw.js for the built site in `dir`, served under `base`; returns the manifest it was built from.
 * @param {string} dir
 * @param {string} base
 */
export async function writeServiceWorker(dir, base) {
  const manifest = precacheManifest(dir, base);
  const bundle = await build({
    entryPoints: [SOURCE],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    define: { PRECACHE: JSON.stringify(manifest.integrity), CACHE_VERSION: JSON.stringify(manifest.version) },
    banner: { js: '// Built from site/offline/service-worker.ts by site/offline/offline-integration.mjs.' },
    logLevel: 'warning',
  });
  writeFileSync(join(dir, SERVICE_WORKER), bundle.outputFiles[0].text);
  return manifest;
}

/** @returns {import('astro').AstroIntegration} */
export default function offline() {
  let base = '/';
  return {
    name: 'memory-bound:offline',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { urls, version, bytes } = await writeServiceWorker(fileURLToPath(dir), base);
        logger.info(
          `${SERVICE_WORKER} precaches ${urls.length} files, ${(bytes / 1e6).toFixed(1)} MB (${version})`,
        );
      },
    },
  };
}
