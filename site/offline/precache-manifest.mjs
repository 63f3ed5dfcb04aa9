// What the service worker precaches: every file of the built site but the worker itself, as URLs under the site's
// base, each with the SHA-256 of its contents (so the worker can refuse a file from another build), and a version
// that changes whenever any of them does. Read by offline-integration.mjs after the build, and by the offline journey
// to check the reader's cache against it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The service worker's file name in the output folder; it is never in its own list. */
export const SERVICE_WORKER = 'sw.js';

/**
 * @typedef {object} PrecacheManifest
 * @property {string[]} urls Site paths, sorted: a page as its folder (`/lessons/kv-cache/`), any other file as itself.
 * @property {Record<string, string>} integrity Each path's file as Subresource Integrity metadata,
 *   `sha256-` and the base64 SHA-256 of its bytes (what `openssl dgst -sha256 -binary FILE | base64` prints).
 * @property {string} version 16 hex digits of a SHA-256 over each path and its file's hash.
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
 * Subresource Integrity metadata for `contents`: `sha256-` and its base64 SHA-256.
 * @param {Uint8Array} contents
 */
export function sriHash(contents) {
  return `sha256-${createHash('sha256').update(contents).digest('base64')}`;
}

/**
 * The precache list, hashes and version for the built site in `dir`, served under `base`.
 * @param {string} dir
 * @param {string} [base]
 * @returns {PrecacheManifest}
 */
export function precacheManifest(dir, base = '/') {
  const prefix = baseWithSlash(base);
  /** @type {[string, string][]} */
  const files = [];
  let bytes = 0;
  for (const file of filesUnder(dir.replace(/[\\/]+$/, ''))) {
    if (file === SERVICE_WORKER) continue;
    const contents = readFileSync(join(dir, file));
    files.push([prefix + file.replace(/(^|\/)index\.html$/, '$1'), sriHash(contents)]);
    bytes += contents.length;
  }
  files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const version = createHash('sha256');
  for (const [url, integrity] of files) version.update(`${url}\0${integrity}\0`);
  return {
    urls: files.map(([url]) => url),
    integrity: Object.fromEntries(files),
    version: version.digest('hex').slice(0, 16),
    bytes,
  };
}
