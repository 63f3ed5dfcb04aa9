import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchModel } from './fetch-model';

/** A fetch that serves `files` by URL, streaming bodies in chunks of 3 bytes. */
function serve(files: Record<string, string | Uint8Array>) {
  vi.stubGlobal('fetch', async (url: string) => {
    const body = files[url];
    if (body === undefined) return new Response('missing', { status: 404 });
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
        controller.close();
      },
    });
    return new Response(stream, { headers: { 'content-length': String(bytes.length) } });
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchModel', () => {
  it('fetches the three files, reporting the weights as they stream', async () => {
    const weights = Uint8Array.from({ length: 10 }, (_, i) => i);
    serve({ 'm/config.json': '{"a":1}', 'm/tokenizer.json': '{"b":2}', 'm/model.safetensors': weights });
    const fractions: number[] = [];
    const files = await fetchModel('m', (f) => fractions.push(f));
    expect(files.configJson).toEqual({ a: 1 });
    expect(files.tokenizerJson).toEqual({ b: 2 });
    expect(new Uint8Array(files.safetensors)).toEqual(weights);
    expect(fractions).toEqual([0.3, 0.6, 0.9, 1]);
  });

  it('names the file that failed', async () => {
    serve({ 'm/config.json': '{"a":1}', 'm/tokenizer.json': 'not json' });
    await expect(fetchModel('m', () => {})).rejects.toThrow('m/tokenizer.json is not valid JSON');
    serve({ 'm/config.json': '{}', 'm/tokenizer.json': '{}' });
    await expect(fetchModel('m', () => {})).rejects.toThrow('Could not fetch m/model.safetensors: HTTP 404');
  });
});
