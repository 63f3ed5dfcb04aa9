import { describe, expect, it } from 'vitest';
import { cacheKey } from './cache-key';

const site = 'https://example.org';
const key = (path: string, navigate: boolean) => cacheKey(new URL(path, site), navigate);

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
