// The shipped model read onto the CPU by URL, through a fetch that serves public/ from disk: one download serves
// every run of both lesson 4 jobs, two folders are kept (the least recently asked goes), and a failed download is
// not kept.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { activationOutliersJob } from './activation-outliers';
import { cpuModel } from './cpu-model';
import { weightGridJob } from './weight-grid';

const publicFolder = new URL('../../public/', import.meta.url);
const fetches: string[] = [];

/** Serve `url`'s path from public/ (any origin), counting the requests; 404 for a missing file. */
async function serve(url: string): Promise<Response> {
  fetches.push(url);
  try {
    const body = readFileSync(new URL(new URL(url).pathname.slice(1), publicFolder));
    return new Response(body, { headers: { 'content-length': String(body.byteLength) } });
  } catch {
    return new Response('missing', { status: 404 });
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('cpuModel', () => {
  it('downloads a folder once for both jobs, and again only when another is asked for', async () => {
    vi.stubGlobal('fetch', vi.fn(serve));
    const modelUrl = 'https://example.org/models/prose-target';
    const progress = vi.fn();
    const signal = new AbortController().signal;
    const scheme = { kind: 'int', bits: 4, group: 64, zeroPoint: false } as const;
    const tensor = 'model.layers.0.self_attn.k_proj.weight';
    const grid = await weightGridJob.run(undefined, { modelUrl, tensor, scheme }, progress, signal);
    expect(grid.errors[grid.chosen]!.name).toBe('int4 g64');
    expect(progress).toHaveBeenCalledWith({ stage: 'downloading the weights', fraction: 0.9 });
    const request = {
      modelUrl,
      prompt: 'Emma',
      layer: 0,
      site: 'mlp',
      plant: null,
      thresholds: [6],
    } as const;
    const outliers = await activationOutliersJob.run(undefined, request, progress, signal);
    expect(outliers.projections.map((p) => p.name)).toEqual(['gate', 'up']);
    expect(fetches.map((url) => url.replace(`${modelUrl}/`, '')).sort()).toEqual([
      'config.json',
      'model.safetensors',
      'tokenizer.json',
    ]);
    await expect(cpuModel('https://example.org/models/none')).rejects.toThrow('HTTP 404');
    expect(fetches).toHaveLength(5); // the missing folder's config.json and tokenizer.json
    await expect(cpuModel('https://example.org/models/none')).rejects.toThrow('HTTP 404');
    expect(fetches).toHaveLength(7);
  }, 60_000);

  it('keeps two folders, letting go of the one asked least recently', async () => {
    vi.stubGlobal('fetch', vi.fn(serve));
    const folder = (id: string) => `https://kept.example.org/models/${id}`;
    fetches.length = 0;
    const target = await cpuModel(folder('prose-target'));
    await cpuModel(folder('prose-student'));
    expect(await cpuModel(folder('prose-target'))).toBe(target);
    expect(fetches).toHaveLength(6);
    await cpuModel(folder('prose-draft')); // the student goes
    expect(await cpuModel(folder('prose-target'))).toBe(target);
    expect(fetches).toHaveLength(9);
    await cpuModel(folder('prose-student'));
    expect(fetches).toHaveLength(12);
  }, 60_000);
});
