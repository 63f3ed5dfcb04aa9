import { describe, expect, it } from 'vitest';
import { cacheKey } from './cache-key';

const site = 'https://example.org';
/** What the worker precached, as absolute URLs: pages as folders, files as themselves. */
const precached = new Set(
  [
    '/',
    '/lessons/prefill-decode/',
    '/memory-bound/lessons/kv-cache/',
    '/model-cards/gpt-2.5/',
    '/models/prose-draft/config.json',
    '/data/heldout.txt',
    '/_astro/client.js',
    '/models/prose-target/model.safetensors',
  ].map((path) => new URL(path, site).href),
);
const key = (path: string, navigate: boolean) => cacheKey(new URL(path, site), navigate, precached);

describe('cacheKey', () => {
  it('gives a page its folder, whatever query, fragment or trailing slash the address has', () => {
    const page = `${site}/lessons/prefill-decode/`;
    expect(key('/lessons/prefill-decode/', true)).toBe(page);
    expect(key('/lessons/prefill-decode', true)).toBe(page);
    expect(key('/lessons/prefill-decode/?live.tokens=40&live.size=xs', true)).toBe(page);
    expect(key('/lessons/prefill-decode?live.tokens=40#sources', true)).toBe(page);
    expect(key('/lessons/prefill-decode/index.html?live.tokens=40', true)).toBe(page);
  });

  it('keeps the home page and pages under a base path', () => {
    expect(key('/?x=1', true)).toBe(`${site}/`);
    expect(key('/index.html', true)).toBe(`${site}/`);
    expect(key('/memory-bound/lessons/kv-cache?kv.S=512', true)).toBe(
      `${site}/memory-bound/lessons/kv-cache/`,
    );
  });

  it('finds a page whose folder name has a dot, from the precached list rather than the name', () => {
    const page = `${site}/model-cards/gpt-2.5/`;
    expect(key('/model-cards/gpt-2.5', true)).toBe(page);
    expect(key('/model-cards/gpt-2.5?card.tab=eval#top', true)).toBe(page);
    expect(key('/model-cards/gpt-2.5/', true)).toBe(page);
    expect(key('/model-cards/gpt-2.5/index.html', true)).toBe(page);
  });

  it('leaves an address that names no precached page as it is, for the worker to pass on', () => {
    expect(key('/lessons/not-a-lesson', true)).toBe(`${site}/lessons/not-a-lesson`);
    expect(key('/model-cards/gpt-3.0', true)).toBe(`${site}/model-cards/gpt-3.0`);
  });

  it('does not add a slash to a file opened as a page', () => {
    expect(key('/models/prose-draft/config.json', true)).toBe(`${site}/models/prose-draft/config.json`);
    expect(key('/data/heldout.txt?q', true)).toBe(`${site}/data/heldout.txt`);
  });

  it('keeps the query of any other request, which names another resource, and drops the fragment', () => {
    expect(key('/_astro/client.js', false)).toBe(`${site}/_astro/client.js`);
    expect(key('/_astro/client.js?v=2#x', false)).toBe(`${site}/_astro/client.js?v=2`);
    expect(key('/models/prose-target/model.safetensors', false)).toBe(
      `${site}/models/prose-target/model.safetensors`,
    );
    expect(key('/lessons/kv-cache', false)).toBe(`${site}/lessons/kv-cache`);
  });
});
