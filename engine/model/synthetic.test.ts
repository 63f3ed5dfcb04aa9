import { describe, expect, it } from 'vitest';
import { analytic } from '../index';
import { parseConfig, shapeOf } from './config';
import { Safetensors, writeSafetensors } from './safetensors';
import { hash32, syntheticWeights, syntheticValue, uniformHalfWidth } from './synthetic';
import { f32Values } from '../quant/encoded-matrix';
import { loadWeights, parameterCount, tensorOf, tensorSpecs } from './weights';

const config = parseConfig({
  hidden_size: 32,
  intermediate_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  vocab_size: 256,
});

describe('synthetic weights', () => {
  it('hashes like the reference lowbias32 on known inputs', () => {
    // Worked with 32-bit arithmetic: 0 hashes to 0; the function is a bijection, so distinct inputs differ.
    expect(hash32(0)).toBe(0);
    const seen = new Set(Array.from({ length: 1000 }, (_, i) => hash32(i)));
    expect(seen.size).toBe(1000);
  });

  it('depends only on seed, tensor and index, and stays inside ±a on a 2^-24 grid', () => {
    const a = uniformHalfWidth(64);
    const v = syntheticValue(3, 5, 77, a);
    expect(syntheticValue(3, 5, 77, a)).toBe(v);
    expect(syntheticValue(4, 5, 77, a)).not.toBe(v);
    for (let i = 0; i < 1000; i++) {
      const x = syntheticValue(1, 2, i, a);
      expect(Math.abs(x)).toBeLessThanOrEqual(a);
      expect(Math.fround(x)).toBe(x);
    }
  });

  it('gives matrices standard deviation 1/√fan-in and norms of one', () => {
    const w = syntheticWeights(config, 1);
    const wq = f32Values(w.layers[0]!.wq);
    const variance = wq.reduce((s, x) => s + x * x, 0) / wq.length;
    expect(Math.sqrt(variance)).toBeCloseTo(1 / Math.sqrt(32), 2);
    expect(Array.from(w.layers[1]!.attnNorm)).toEqual(new Array(32).fill(1));
    expect(w.lmHead).not.toBe(w.embed);
  });

  it('has as many parameters as the specs, and loads back from safetensors by Hugging Face name', () => {
    const weights = syntheticWeights(config, 9);
    // embed + head 2·256·32; per layer norms 2·32, Wq and Wo 32·32 each, Wk and Wv 16·32 each, MLP 3·32·64; final norm.
    expect(parameterCount(config)).toBe(
      2 * 256 * 32 + 2 * (2 * 32 + 2 * 32 * 32 + 2 * 16 * 32 + 3 * 32 * 64) + 32,
    );
    expect(parameterCount(config)).toBe(analytic.paramCount(shapeOf(config)));
    const specs = tensorSpecs(config);
    const flat = specs.map((s) => ({ name: s.name, shape: s.shape, data: f32Values(tensorOf(weights, s)) }));
    const loaded = loadWeights(config, new Safetensors(writeSafetensors(flat)));
    expect(loaded.layers[1]!.wDown).toEqual(weights.layers[1]!.wDown);
    expect(loaded.lmHead).toEqual(weights.lmHead);
  });

  it('names a tensor with the wrong shape', () => {
    const file = writeSafetensors([
      { name: 'model.embed_tokens.weight', shape: [256, 16], data: new Float32Array(256 * 16) },
    ]);
    expect(() => loadWeights(config, new Safetensors(file))).toThrow(
      'tensor "model.embed_tokens.weight" has shape [256,16], expected [256,32]',
    );
  });
});
