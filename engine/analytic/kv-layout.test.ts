import { describe, expect, it } from 'vitest';
import { kvBytesPerToken } from './llama-shape';
import {
  cachedLayers,
  headsLayout,
  layerCacheElements,
  layoutBytesPerToken,
  layoutSequenceBytes,
  type KvLayout,
} from './kv-layout';
import { modelById } from './models';

const llama13 = modelById('llama-2-13b').shape;

describe('heads', () => {
  it('matches kvBytesPerToken for a plain model at any context: 2·40·40·128·2 = 819,200 bytes', () => {
    const layout = headsLayout(llama13);
    expect(layoutBytesPerToken(layout, 1, 'bf16')).toBe(819_200);
    expect(layoutBytesPerToken(layout, 100_000, 'bf16')).toBe(kvBytesPerToken(llama13, 'bf16'));
  });

  it('shrinks by N/K when 40 query heads share 8 key/value heads', () => {
    const gqa = headsLayout({ ...llama13, K: 8 });
    expect(layoutBytesPerToken(gqa, 4096, 'bf16')).toBe(819_200 / 5);
    expect(layoutBytesPerToken(headsLayout({ ...llama13, K: 1 }), 4096, 'bf16')).toBe(819_200 / 40);
  });
});

describe('latent', () => {
  it('caches C + R = 512 + 64 numbers per layer: DeepSeek-V2’s 60 layers hold 69,120 bytes per token in bf16', () => {
    const mla: KvLayout = { L: 60, cache: { kind: 'latent', C: 512, R: 64 }, shareGroup: 1 };
    expect(layerCacheElements(mla.cache)).toBe(576);
    expect(layoutBytesPerToken(mla, 4096, 'bf16')).toBe(60 * 576 * 2);
    // The paper's comparison: as much as GQA with 2.25 groups of 128-dimensional heads.
    expect(layerCacheElements(mla.cache) / (2 * 128)).toBe(2.25);
  });
});

describe('cross-layer sharing', () => {
  it('keeps ⌈L / group⌉ caches: 40 layers in pairs hold 20, in threes 14', () => {
    expect(cachedLayers({ L: 40, shareGroup: 2 })).toBe(20);
    expect(cachedLayers({ L: 40, shareGroup: 3 })).toBe(14);
    const cla2 = { ...headsLayout(llama13), shareGroup: 2 };
    expect(layoutBytesPerToken(cla2, 4096, 'bf16')).toBe(409_600);
  });
});

describe('sliding window', () => {
  const mistral: KvLayout = { ...headsLayout({ L: 32, K: 8, H: 128 }), window: { W: 4096, localLayers: 32 } };

  it('holds min(S, W) tokens in every local layer: Mistral 7B’s cache stops growing at 4096 tokens', () => {
    expect(layoutSequenceBytes(mistral, 1000, 'bf16')).toBe(1000 * 131_072);
    expect(layoutSequenceBytes(mistral, 32_768, 'bf16')).toBe(4096 * 131_072);
    // Per token of context, 8 times smaller at 32k than without the window: the Mistral paper's figure.
    expect(131_072 / layoutBytesPerToken(mistral, 32_768, 'bf16')).toBe(8);
  });

  it('mixes local and global layers: half the layers local at W = 4096, S = 8192 keep 3/4 of the full cache', () => {
    const mixed: KvLayout = { ...headsLayout({ L: 42, K: 8, H: 256 }), window: { W: 4096, localLayers: 21 } };
    const full = headsLayout({ L: 42, K: 8, H: 256 });
    expect(layoutSequenceBytes(mixed, 8192, 'bf16') / layoutSequenceBytes(full, 8192, 'bf16')).toBe(0.75);
  });

  it('counts windows on the caches that sharing leaves, never more local layers than caches', () => {
    const both: KvLayout = {
      ...headsLayout({ L: 8, K: 1, H: 64 }),
      shareGroup: 2,
      window: { W: 10, localLayers: 9 },
    };
    // 4 caches, all local: 4 · 2 · 64 · 10 tokens · 2 bytes
    expect(layoutSequenceBytes(both, 100, 'bf16')).toBe(4 * 128 * 10 * 2);
  });
});
