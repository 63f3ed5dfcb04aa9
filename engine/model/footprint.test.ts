import { describe, expect, it } from 'vitest';
import { bufferNeeds, bufferTable, checkLimits, LimitError, pageTableCapacity } from './footprint';
import type { WeightScheme } from '../quant/scheme';
import type { LlamaConfig } from './config';
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

  it('lists the one table, row for row: weights, caches, RoPE tables, activations, read-back, step inputs', () => {
    const table = bufferTable(config, shape);
    const needs = bufferNeeds(config, shape);
    expect(needs.map((n) => n.what)).toEqual([
      ...table.weights.map((n) => n.what),
      ...['0', '1', '2', '3'].flatMap((l) => [`layer ${l} key cache`, `layer ${l} value cache`]),
      'RoPE cos and sin tables',
      ...['residual stream', 'normed activations', 'queries', 'keys', 'values', 'attention output'],
      ...['attention partials', 'MLP gate', 'MLP up', 'logit rows', 'logits'],
      'chosen tokens',
      'logits read-back',
      ...['tokens', 'positions', 'slots', 'table starts', 'page tables', 'logit rows index', 'block copies'],
    ]);
    expect(new Set(needs.map((n) => n.what)).size).toBe(needs.length);
    // config: 512 wide, 8 heads of 64, 4096 positions.
    expect(table.ropeTables.bytes).toBe(2 * config.maxPositions * 32 * 4);
    expect(table.activations.chosen.bytes).toBe(16 * 4);
    // 128 token rows, each with a page table of at most 64 blocks (the pool's size; a model's context needs more).
    expect(pageTableCapacity(config, shape)).toBe(128 * 64);
    expect(table.stepInputs.pageTables.bytes).toBe(128 * 64 * 4);
    expect(pageTableCapacity(config, { ...shape, numBlocks: 1000 })).toBe(128 * (config.maxPositions / 16));
    expect(table.stepInputs.copies.bytes).toBe(128 * 16);
  });

  it('stores the linear layers in the weight scheme, scales included, and the head at 16 bits beside a tied embedding', () => {
    const int4: WeightScheme = { kind: 'int', bits: 4, group: 128, zeroPoint: false };
    const weights = (c: LlamaConfig, scheme?: WeightScheme) =>
      Object.fromEntries(bufferTable(c, shape, scheme).weights.map((n) => [n.what, n.bytes]));
    // Groups of 128 must divide every input width: the MLP's too.
    const c = { ...config, intermediateSize: 1408 };
    expect(() => weights(config, int4)).toThrow('a group of 128 does not divide 1376 input features');
    const quantized = weights(c, int4);
    // 512 × 512 int4 codes (4 bits each) and one f16 scale per 128 inputs of each of the 512 rows.
    expect(quantized['model.layers.0.self_attn.q_proj.weight']).toBe((512 * 512) / 2 + 512 * 4 * 2);
    expect(quantized['model.layers.0.input_layernorm.weight']).toBe(512 * 4);
    expect(quantized['lm_head.weight']).toBe(256 * 512 * 2);
    const tied = { ...c, tieWordEmbeddings: true };
    expect(weights(tied)['lm_head.weight']).toBeUndefined();
    expect(weights(tied, int4)['lm_head.weight']).toBe(256 * 512 * 2);
    expect(weights(tied, int4)['model.embed_tokens.weight']).toBe(256 * 512 * 4);
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
