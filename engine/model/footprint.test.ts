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
