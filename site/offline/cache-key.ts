// Which precached file answers a request: the one pure rule the service worker (service-worker.ts) applies to every
// request it sees. Not the fetching or the caching, which need the worker's globals.

/**
 * The precache key for a request to `url`, as an absolute URL. A page (`navigate`) is stored once, as its folder
 * with a trailing slash, whatever the address adds: its query (widgets keep their settings there,
 * `?live.tokens=40`), its fragment, a missing trailing slash (the site ignores it) or `index.html`. Any other request
 * keeps its query: a file asked for with one is a different resource, left to the network.
 */
export function cacheKey(url: URL, navigate: boolean): string {
  const key = new URL(url.href);
  key.hash = '';
  if (!navigate) return key.href;
  key.search = '';
  if (key.pathname.endsWith('/index.html')) key.pathname = key.pathname.slice(0, -'index.html'.length);
  const last = key.pathname.slice(key.pathname.lastIndexOf('/') + 1);
  if (last !== '' && !last.includes('.')) key.pathname += '/';
  return key.href;
}
