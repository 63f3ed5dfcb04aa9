// The service worker as the integration builds it, run in Node against stand-ins for the browser's caches, network
// and events: what it stores at install (and what it refuses: files from another build), what it deletes at
// activate, and which requests it answers.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import offline from './offline-integration.mjs';
import { precacheManifest, sriHash } from './precache-manifest.mjs';

const SCOPE = 'https://example.org/memory-bound/';
const FILES = [
  'index.html',
  'lessons/kv-cache/index.html',
  'model-cards/gpt-2.5/index.html',
  '_astro/client.js',
  'models/m/model.safetensors',
];
const OLDER = `memory-bound ${SCOPE} 0123456789abcdef`;

type Listener = (event: FakeEvent) => void;
interface FakeEvent {
  request?: { url: string; method: string; mode: string };
  waitUntil?: (work: Promise<unknown>) => void;
  respondWith?: (response: Promise<unknown>) => void;
}

/** The built site, which the stand-in server also serves: a test changes a file there to deploy another build. */
let dir: string;
function write(file: string, contents: string): void {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), contents);
}
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-'));
  for (const file of FILES) write(file, file);
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
  expect(logged).toEqual([expect.stringMatching(/^sw\.js precaches 5 files, 0\.0 MB \([0-9a-f]{16}\)$/)]);
  return readFileSync(join(dir, 'sw.js'), 'utf8');
}

/** The file the server sends for `url` under the scope, as it is in `dir` now: a folder sends its index.html. */
function serve(url: string): Buffer {
  const path = url.slice(SCOPE.length);
  return readFileSync(join(dir, path === '' || path.endsWith('/') ? `${path}index.html` : path));
}

/**
 * Run the worker's code with its globals stood in for; returns its listeners. `stored` holds the caches it sees,
 * `fetched` collects the requests its caches fetched.
 */
function start(
  code: string,
  stored: Map<string, Map<string, string>>,
  fetched: Request[] = [],
): Map<string, Listener> {
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
      // Each entry stands for the response to its request: the file's address and how it was fetched. As in the
      // browser, a response whose bytes do not have the request's `integrity` is a network error, and `addAll`
      // stores its files only once every one of them has arrived.
      return {
        addAll: async (requests: Request[]) => {
          fetched.push(...requests);
          for (const r of requests) {
            if (r.integrity !== '' && sriHash(serve(r.url)) !== r.integrity) {
              throw new TypeError(`Failed to fetch ${r.url}: integrity mismatch`);
            }
          }
          requests.forEach((r) => cache.set(r.url, `${r.url} ${r.cache}`));
        },
      };
    },
    has: async (name: string) => stored.has(name),
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

/** The cache name the worker built from `dir` uses. */
const cacheName = () => `memory-bound ${SCOPE} ${precacheManifest(dir, '/memory-bound/').version}`;

describe('the built service worker', () => {
  it('stores every file at install under a versioned name, and deletes only its own older caches at activate', async () => {
    const stored = new Map([
      [OLDER, new Map()],
      ['memory-bound https://example.org/other-site/ 0123456789abcdef', new Map()],
    ]);
    const fetched: Request[] = [];
    const listeners = start(await buildWorker(), stored, fetched);
    const name = cacheName();

    await waitFor(listeners.get('install'));
    expect([...stored.get(name)!.keys()].sort()).toEqual(
      ['', '_astro/client.js', 'lessons/kv-cache/', 'model-cards/gpt-2.5/', 'models/m/model.safetensors'].map(
        (p) => SCOPE + p,
      ),
    );
    expect([...stored.get(name)!].every(([url, entry]) => entry === `${url} no-cache`)).toBe(true);
    // Every file, pages included, was fetched with the hash of the bytes the build wrote.
    expect(fetched).toHaveLength(5);
    for (const request of fetched) expect(request.integrity).toBe(sriHash(serve(request.url)));
    expect(fetched.find((r) => r.url === `${SCOPE}lessons/kv-cache/`)!.integrity).toBe(
      sriHash(readFileSync(join(dir, 'lessons/kv-cache/index.html'))),
    );

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
    expect(await answer(`${SCOPE}model-cards/gpt-2.5`, 'navigate')).toBe(
      `${SCOPE}model-cards/gpt-2.5/ no-cache`,
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

  it("fails its install, storing nothing, when a deploy has swapped a file for the next build's", async () => {
    const older = new Map([[`${SCOPE}`, 'the older build']]);
    const stored = new Map([[OLDER, older]]);
    const listeners = start(await buildWorker(), stored);
    const name = cacheName();

    // The next build's model lands on the server, under the same name, before this build's worker installs.
    write('models/m/model.safetensors', 'the next build');
    await expect(waitFor(listeners.get('install'))).rejects.toThrow(/integrity mismatch/);
    expect(stored.has(name)).toBe(false);
    expect(stored).toEqual(new Map([[OLDER, older]]));

    // With this build's files served again, the next try installs.
    write('models/m/model.safetensors', 'models/m/model.safetensors');
    await waitFor(listeners.get('install'));
    expect(stored.get(name)!.size).toBe(5);
  });

  it('keeps the cache it shares with a worker of the same files when its own install fails', async () => {
    const stored = new Map<string, Map<string, string>>();
    const code = await buildWorker();
    await waitFor(start(code, stored).get('install'));
    const name = cacheName();
    const cache = new Map(stored.get(name)!);

    write('_astro/client.js', 'the next build');
    await expect(waitFor(start(code, stored).get('install'))).rejects.toThrow(/integrity mismatch/);
    expect(stored.get(name)).toEqual(cache);
  });
});
