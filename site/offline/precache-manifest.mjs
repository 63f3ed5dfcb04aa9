// What the service worker precaches: every file of the built site but the worker itself, as URLs under the site's
// base, and a version that changes whenever any of them does. Read by offline-integration.mjs after the build, and
// by the offline journey to check the reader's cache against it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The service worker's file name in the output folder; it is never in its own list. */
export const SERVICE_WORKER = 'sw.js';

/**
 * @typedef {object} PrecacheManifest
 * @property {string[]} urls Site paths, sorted: a page as its folder (`/lessons/kv-cache/`), any other file as itself.
 * @property {string} version 16 hex digits of a SHA-256 over each path and its file's contents.
 * @property {number} bytes The files' total size.
 */

/** The base path with one trailing slash: '/', '/memory-bound/'. */
export function baseWithSlash(base = '/') {
  return `${base.replace(/\/+$/, '')}/`;
}

/**
 * Each file under `dir` as a path relative to it with forward slashes, sorted.
 * @param {string} dir
 * @returns {string[]}
 */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .split(/[\\/]/)
        .join('/'),
    )
    .sort();
}

/**
 * The precache list and version for the built site in `dir`, served under `base`.
 * @param {string} dir
 * @param {string} [base]
 * @returns {PrecacheManifest}
 */
export function precacheManifest(dir, base = '/') {
  const prefix = baseWithSlash(base);
  const hash = createHash('sha256');
  const urls = [];
  let bytes = 0;
  for (const file of filesUnder(dir.replace(/[\\/]+$/, ''))) {
    if (file === SERVICE_WORKER) continue;
    const url = prefix + file.replace(/(^|\/)index\.html$/, '$1');
    const contents = readFileSync(join(dir, file));
    hash.update(`${url}\0${contents.length}\0`).update(contents);
    urls.push(url);
    bytes += contents.length;
  }
  return { urls: urls.sort(), version: hash.digest('hex').slice(0, 16), bytes };
}
