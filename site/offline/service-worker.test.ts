// The service worker as the integration builds it, run in Node against stand-ins for the browser's caches and
// events: what it stores at install, what it deletes at activate, and which requests it answers.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import offline from './offline-integration.mjs';
import { precacheManifest } from './precache-manifest.mjs';

const SCOPE = 'https://example.org/memory-bound/';
const FILES = ['index.html', 'lessons/kv-cache/index.html', '_astro/client.js', 'models/m/model.safetensors'];

type Listener = (event: FakeEvent) => void;
interface FakeEvent {
  request?: { url: string; method: string; mode: string };
  waitUntil?: (work: Promise<unknown>) => void;
  respondWith?: (response: Promise<unknown>) => void;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-'));
  for (const file of FILES) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), file);
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Build sw.js through the integration's hooks, as `astro build` with base '/memory-bound' would. */
async function buildWorker(): Promise<string> {
  const integration = offline();
  const hooks = integration.hooks as Record<string, (options: unknown) => unknown>;
  const logged: string[] = [];
  await hooks['astro:config:done']!({ config: { base: '/memory-bound' } });
  await hooks['astro:build:done']!({
    dir: pathToFileURL(`${dir}/`),
    logger: { info: (m: string) => logged.push(m) },
  });
  expect(logged).toEqual([expect.stringMatching(/^sw\.js precaches 4 files, 0\.0 MB \([0-9a-f]{16}\)$/)]);
  return readFileSync(join(dir, 'sw.js'), 'utf8');
}

/** Run the worker's code with its globals stood in for; returns its listeners and the caches it sees. */
function start(code: string, stored: Map<string, Map<string, string>>): Map<string, Listener> {
  const listeners = new Map<string, Listener>();
  const self = {
    location: new URL('sw.js', SCOPE),
    registration: { scope: SCOPE },
    clients: { claim: async () => listeners.set('claimed', () => {}) },
    addEventListener: (type: string, listener: Listener) => listeners.set(type, listener),
  };
  const caches = {
    open: async (name: string) => {
      const cache = stored.get(name) ?? new Map<string, string>();
      stored.set(name, cache);
      // Each entry stands for the response to its request: the file's address and how it was fetched.
      return {
        addAll: async (requests: Request[]) =>
          requests.forEach((r) => cache.set(r.url, `${r.url} ${r.cache}`)),
      };
    },
    keys: async () => [...stored.keys()],
    delete: async (name: string) => stored.delete(name),
    match: async (url: string, { cacheName }: { cacheName: string }) => stored.get(cacheName)?.get(url),
  };
  const network = async () => 'from the network';
  new Function('self', 'caches', 'fetch', code)(self, caches, network);
  return listeners;
}

async function waitFor(listener: Listener | undefined): Promise<void> {
  let work: Promise<unknown> = Promise.resolve();
  listener!({ waitUntil: (w) => (work = w) });
  await work;
}

describe('the built service worker', () => {
  it('stores every file at install under a versioned name, and deletes only its own older caches at activate', async () => {
    const stored = new Map([
      [`memory-bound ${SCOPE} 0123456789abcdef`, new Map()],
      ['memory-bound https://example.org/other-site/ 0123456789abcdef', new Map()],
    ]);
    const listeners = start(await buildWorker(), stored);
    const name = `memory-bound ${SCOPE} ${precacheManifest(dir, '/memory-bound/').version}`;

    await waitFor(listeners.get('install'));
    expect([...stored.get(name)!.keys()].sort()).toEqual(
      ['', '_astro/client.js', 'lessons/kv-cache/', 'models/m/model.safetensors'].map((p) => SCOPE + p),
    );
    expect([...stored.get(name)!].every(([url, entry]) => entry === `${url} no-cache`)).toBe(true);

    await waitFor(listeners.get('activate'));
    expect(new Set(stored.keys())).toEqual(
      new Set([name, 'memory-bound https://example.org/other-site/ 0123456789abcdef']),
    );
    expect(listeners.has('claimed')).toBe(true);
  });

  it('answers a precached GET from the cache, a page whatever its query, and leaves the rest to the browser', async () => {
    const stored = new Map<string, Map<string, string>>();
    const listeners = start(await buildWorker(), stored);
    await waitFor(listeners.get('install'));
    const answer = async (url: string, mode = 'no-cors', method = 'GET') => {
      let response: Promise<unknown> | undefined;
      listeners.get('fetch')!({ request: { url, method, mode }, respondWith: (r) => (response = r) });
      return response && (await response);
    };

    expect(await answer(`${SCOPE}lessons/kv-cache?kv.S=512`, 'navigate')).toBe(
      `${SCOPE}lessons/kv-cache/ no-cache`,
    );
    expect(await answer(`${SCOPE}models/m/model.safetensors`, 'cors')).toBe(
      `${SCOPE}models/m/model.safetensors no-cache`,
    );
    expect(await answer(`${SCOPE}not-cached`, 'navigate')).toBeUndefined();
    expect(await answer(`${SCOPE}_astro/client.js?v=2`)).toBeUndefined();
    expect(await answer(`${SCOPE}_astro/client.js`, 'cors', 'POST')).toBeUndefined();
    expect(await answer('https://elsewhere.example/memory-bound/_astro/client.js')).toBeUndefined();

    stored.clear(); // evicted by the browser: the network answers
    expect(await answer(`${SCOPE}_astro/client.js`)).toBe('from the network');
  });
});
