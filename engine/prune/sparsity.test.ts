// Magnitude sparsity: the smallest weights of each row, or two of every four, become zero; shapes stay the same.
import { describe, expect, it } from 'vitest';
import { syntheticConfig } from '../model/synthetic-configs';
import { syntheticWeights } from '../model/synthetic';
import { calibrationForward } from '../quant/activation-stats';
import { f32Values } from '../quant/encoded-matrix';
import { sparsify, sparsifyRow, zeroShare } from './sparsity';

describe('sparsifyRow', () => {
  it('zeroes the smallest magnitudes of a row, keeping the earlier of a tie', () => {
    const row = Float32Array.of(0.5, -0.1, 2, 0.1, -3, 0.2);
    expect(Array.from(sparsifyRow(row, { kind: 'unstructured', fraction: 0.5 }))).toEqual([
      0.5, 0, 2, 0, -3, 0,
    ]);
    // |−0.1| and |0.1| tie for the smallest: with one to zero, the later one goes.
    expect(Array.from(sparsifyRow(row, { kind: 'unstructured', fraction: 1 / 6 }))).toEqual(
      Array.from(Float32Array.of(0.5, -0.1, 2, 0, -3, 0.2)),
    );
    expect(Array.from(sparsifyRow(row, { kind: 'unstructured', fraction: 0 }))).toEqual(Array.from(row));
  });

  it('keeps the two largest of every four for 2:4, and refuses a row that is not made of fours', () => {
    const row = Float32Array.of(1, -4, 3, 2, 0, 0, -1, 1);
    expect(Array.from(sparsifyRow(row, { kind: '2:4' }))).toEqual([0, -4, 3, 0, 0, 0, -1, 1]);
    expect(() => sparsifyRow(Float32Array.of(1, 2, 3), { kind: '2:4' })).toThrow(
      'a multiple of 4 weights, not 3',
    );
    expect(() => sparsifyRow(row, { kind: 'unstructured', fraction: 1.5 })).toThrow('in 0…1, not 1.5');
  });
});

describe('sparsify', () => {
  const c = syntheticConfig({ width: 64, layers: 2, heads: 4, kvHeads: 2 });
  const weights = syntheticWeights(c, 4);

  it('makes half of every block linear zero, leaves the embedding and norms, and keeps every shape', () => {
    for (const pattern of [{ kind: 'unstructured', fraction: 0.5 }, { kind: '2:4' }] as const) {
      const sparse = sparsify(weights, pattern);
      expect(zeroShare(weights)).toBe(0);
      expect(zeroShare(sparse)).toBe(0.5);
      expect(sparse.embed).toBe(weights.embed);
      expect(sparse.layers[1]!.mlpNorm).toBe(weights.layers[1]!.mlpNorm);
      expect(f32Values(sparse.layers[1]!.wDown)).toHaveLength(f32Values(weights.layers[1]!.wDown).length);
    }
  });

  it('changes every logit, though no shape and no byte count changes', () => {
    const prompt = [1, 7, 42, 3, 99];
    const dense = calibrationForward(c, weights, prompt);
    const sparse = calibrationForward(c, sparsify(weights, { kind: '2:4' }), prompt);
    const changed = dense.reduce((n, v, i) => n + (v !== sparse[i] ? 1 : 0), 0);
    expect(changed).toBe(dense.length);
  });
});
