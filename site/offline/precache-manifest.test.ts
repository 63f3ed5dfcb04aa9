import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseWithSlash, precacheManifest, sriHash } from './precache-manifest.mjs';

/** A small built site: two pages, a script, a model file, and last build's service worker. */
const SITE: Record<string, string> = {
  'index.html': '<h1>home</h1>',
  'lessons/kv-cache/index.html': '<h1>The KV cache</h1>',
  '_astro/client.Ab12.js': 'export {}',
  'models/prose-draft/model.safetensors': 'weights',
  'favicon.svg': '<svg/>',
  'sw.js': '// last build',
};

let dir: string;

function write(file: string, contents: string): void {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), contents);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'precache-'));
  for (const [file, contents] of Object.entries(SITE)) write(file, contents);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('precacheManifest', () => {
  it('lists every file but the service worker, a page as its folder, sorted', () => {
    const manifest = precacheManifest(dir);
    expect(manifest.urls).toEqual([
      '/',
      '/_astro/client.Ab12.js',
      '/favicon.svg',
      '/lessons/kv-cache/',
      '/models/prose-draft/model.safetensors',
    ]);
    const bytes = Object.entries(SITE).filter(([file]) => file !== 'sw.js');
    expect(manifest.bytes).toBe(bytes.reduce((sum, [, contents]) => sum + contents.length, 0));
  });

  it("gives every path its file's SHA-256 as Subresource Integrity metadata, a page its index.html's", () => {
    const { urls, integrity } = precacheManifest(dir);
    expect(Object.keys(integrity)).toEqual(urls);
    // As `printf weights | openssl dgst -sha256 -binary | base64` prints them.
    expect(integrity['/models/prose-draft/model.safetensors']).toBe(
      'sha256-mhKQONmgCu0M9qfqBZylCoE0SQYauHhIzxoT6v3zOyw=',
    );
    expect(integrity['/lessons/kv-cache/']).toBe('sha256-a+29mz1SlcuSEe2kidxArAFUkHeHT/2PJMRpZc2eXYA=');
    expect(Object.values(integrity).every((hash) => /^sha256-[A-Za-z0-9+/]{43}=$/.test(hash))).toBe(true);
    expect(sriHash(new Uint8Array())).toBe('sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  });

  it('puts every path under the base, with or without its trailing slash', () => {
    for (const base of ['/memory-bound/', '/memory-bound']) {
      const { urls } = precacheManifest(dir, base);
      expect(urls[0]).toBe('/memory-bound/');
      expect(urls).toContain('/memory-bound/lessons/kv-cache/');
      expect(urls).toContain('/memory-bound/models/prose-draft/model.safetensors');
      expect(urls.every((url) => url.startsWith('/memory-bound/'))).toBe(true);
      expect(Object.keys(precacheManifest(dir, base).integrity)).toEqual(urls);
    }
  });

  it('keeps its version while the files stay, and changes it when one changes, appears or moves', () => {
    const first = precacheManifest(dir).version;
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    write('sw.js', '// another build');
    expect(precacheManifest(dir).version).toBe(first);

    write('models/prose-draft/model.safetensors', 'weightz');
    const changed = precacheManifest(dir).version;
    expect(changed).not.toBe(first);

    write('_astro/extra.js', '');
    const added = precacheManifest(dir).version;
    expect(added).not.toBe(changed);

    rmSync(join(dir, '_astro/extra.js'));
    write('_astro/moved.js', '');
    expect(precacheManifest(dir).version).not.toBe(added);
  });

  it('gives the same files a different version under another base', () => {
    expect(precacheManifest(dir, '/a/').version).not.toBe(precacheManifest(dir, '/b/').version);
  });
});

describe('baseWithSlash', () => {
  it('ends the base with exactly one slash', () => {
    expect(baseWithSlash()).toBe('/');
    expect(baseWithSlash('/')).toBe('/');
    expect(baseWithSlash('/memory-bound')).toBe('/memory-bound/');
    expect(baseWithSlash('/memory-bound/')).toBe('/memory-bound/');
  });
});
