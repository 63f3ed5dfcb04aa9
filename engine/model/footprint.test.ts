import { describe, expect, it } from 'vitest';
import { bufferNeeds, checkLimits, LimitError } from './footprint';
import { syntheticConfig } from './synthetic-configs';

const config = syntheticConfig({ width: 512, layers: 4 });
const shape = { numBlocks: 64, blockSize: 16, maxTokens: 128, maxLogitRows: 16 };

describe('footprint', () => {
  it('counts weights, two caches per layer and activations', () => {
    const needs = bufferNeeds(config, shape);
    expect(needs.find((n) => n.what === 'model.embed_tokens.weight')?.bytes).toBe(256 * 512 * 4);
    expect(needs.find((n) => n.what === 'layer 3 value cache')?.bytes).toBe(64 * 16 * 512 * 4);
    expect(needs.find((n) => n.what === 'MLP gate')?.bytes).toBe(128 * 1376 * 4);
  });

  it('holds one cache per group of layers sharing it, and no key or value weights in the readers', () => {
    const shared = bufferNeeds({ ...config, kvShareGroup: 3 }, shape);
    const caches = shared.filter((n) => n.what.endsWith(' cache')).map((n) => n.what);
    expect(caches).toEqual([
      'layer 0 key cache',
      'layer 0 value cache',
      'layer 3 key cache',
      'layer 3 value cache',
    ]);
    const kvWeights = shared.filter((n) => /[kv]_proj/.test(n.what)).map((n) => n.what);
    expect(kvWeights).toEqual([
      'model.layers.0.self_attn.k_proj.weight',
      'model.layers.0.self_attn.v_proj.weight',
      'model.layers.3.self_attn.k_proj.weight',
      'model.layers.3.self_attn.v_proj.weight',
    ]);
    const total = (needs: typeof shared) => needs.reduce((sum, n) => sum + n.bytes, 0);
    // Four layers to two caches saves two layers' caches (2 × 2 × 64·16·512·4) and K, V weights (2 × 2 × 512²·4).
    expect(total(bufferNeeds(config, shape)) - total(shared)).toBe(4 * 64 * 16 * 512 * 4 + 4 * 512 * 512 * 4);
  });

  it('names the buffer and the limit it breaks, before allocation', () => {
    const needs = bufferNeeds(config, shape);
    expect(() => checkLimits(needs, { maxStorageBufferBindingSize: 1e6, maxBufferSize: 1e9 })).toThrow(
      "model.layers.0.mlp.gate_proj.weight needs 2.82 MB in one buffer, more than this device's maxStorageBufferBindingSize of 1.00 MB.",
    );
    expect(() =>
      checkLimits(needs, { maxStorageBufferBindingSize: 1e9, maxBufferSize: 1e9, memoryBudget: 1e6 }),
    ).toThrow(LimitError);
    expect(() => checkLimits(needs, { maxStorageBufferBindingSize: 1e9, maxBufferSize: 1e9 })).not.toThrow();
  });
});
