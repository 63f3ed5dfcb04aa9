// Which precached file answers a request: the one pure rule the service worker (service-worker.ts) applies to every
// request it sees. Not the fetching or the caching, which need the worker's globals.

/**
 * The precache key for a request to `url`, as an absolute URL, given the absolute URLs the worker `precached`. A page
 * (`navigate`) is stored once, as its folder with a trailing slash, whatever the address adds: its query (widgets
 * keep their settings there, `?live.tokens=40`), its fragment, a missing trailing slash (the site ignores it) or
 * `index.html`. Whether an address without its slash names a page folder is read from the list, not guessed from a
 * dot in its name: `/model-cards/gpt-2.5` is the page `/model-cards/gpt-2.5/` when that was precached, and a file
 * opened as a page (`/data/heldout.txt`) is itself. Any other request keeps its query: a file asked for with one is
 * a different resource, left to the network.
 */
export function cacheKey(url: URL, navigate: boolean, precached: ReadonlySet<string>): string {
  const key = new URL(url.href);
  key.hash = '';
  if (!navigate) return key.href;
  key.search = '';
  if (key.pathname.endsWith('/index.html')) key.pathname = key.pathname.slice(0, -'index.html'.length);
  if (!key.pathname.endsWith('/') && precached.has(`${key.href}/`)) key.pathname += '/';
  return key.href;
}
