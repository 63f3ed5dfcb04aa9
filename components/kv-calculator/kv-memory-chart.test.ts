import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import { LLAMA_2_7B_ON_H100 } from '../testing/serving-setup';
import { describeKvMemory, kvMemory, kvMemoryChart } from './kv-memory-chart';

const setup = LLAMA_2_7B_ON_H100;

describe('KV memory against batch', () => {
  it('stacks 2 GiB of KV per 4096-token sequence on 13.5 GB of weights; 30 fit on an H100', () => {
    const memory = kvMemory(setup, 4096, 8);
    expect(memory.limit).toBe(30);
    const at8 = memory.points.find((p) => p.x === 8)!;
    expect(at8.weightBytes).toBe(13_476_831_232);
    expect(at8.kvBytes).toBe(8 * 4096 * 524_288);
    // The grid reaches past the largest fit and holds both marked batches.
    expect(memory.points.map((p) => p.x)).toEqual(expect.arrayContaining([0, 8, 30]));
    expect(memory.points.at(-1)!.x).toBeGreaterThan(30);
  });

  it('says how many fit, and when none does', () => {
    expect(describeKvMemory(kvMemory(setup, 4096, 8), 'Llama 2 7B')).toBe(
      "Llama 2 7B at 4,096 tokens per sequence: 8 sequences need 30.7 GB (weights 13.5 GB, KV cache 17.2 GB) of the NVIDIA H100 SXM's 80 GB; at most 30 sequences fit.",
    );
    const big = { ...setup, model: analytic.modelById('llama-2-70b').shape };
    expect(describeKvMemory(kvMemory(big, 4096, 1), 'Llama 2 70B')).toContain('the cache has no room');
  });

  it('renders the saved SVG', async () => {
    await expect(renderSvg(kvMemoryChart(kvMemory(setup, 4096, 8)))).toMatchFileSnapshot(
      './__snapshots__/kv-memory-llama-2-7b-h100.svg',
    );
  });
});

describe('KV memory against context', () => {
  it('lets 8 sequences grow to 15,860 tokens each: (80e9 − 13,476,831,232) ÷ (8 · 524,288)', () => {
    const memory = kvMemory(setup, 4096, 8, 'context');
    expect(memory.limit).toBe(15_860);
    expect(memory.points.map((p) => p.x)).toEqual(expect.arrayContaining([0, 4096, 15_860]));
    expect(describeKvMemory(memory, 'Llama 2 7B')).toMatch(/each sequence can hold at most 15,860 tokens\.$/);
  });

  it('renders the saved SVG', async () => {
    await expect(renderSvg(kvMemoryChart(kvMemory(setup, 4096, 8, 'context')))).toMatchFileSnapshot(
      './__snapshots__/kv-memory-context-llama-2-7b-h100.svg',
    );
  });
});
