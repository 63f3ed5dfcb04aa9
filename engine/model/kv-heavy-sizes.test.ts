import { describe, expect, it } from 'vitest';
import { analytic } from '../index';
import { shapeOf } from './config';
import { KV_HEAVY_SIZES } from './kv-heavy-sizes';
import { parameterCount } from './weights';

describe('KV-heavy synthetic sizes', () => {
  it('have the shapes asked for, wider heads than the model', () => {
    const m = KV_HEAVY_SIZES.find((s) => s.id === 'kv-m')!.config;
    expect([m.hiddenSize, m.numLayers, m.numHeads, m.numKvHeads, m.headDim, m.intermediateSize]).toEqual([
      256, 8, 16, 16, 64, 256,
    ]);
    // Per layer: q, k, v, o of 1024 × 256, the MLP's three 256 × 256, two norms; embeddings and head of 256 × 256.
    expect(parameterCount(m)).toBe(8 * (4 * 1024 * 256 + 3 * 256 * 256 + 2 * 256) + 2 * 256 * 256 + 256);
  });

  it('let KV reads overtake weight reads at batch 1 within 2,048 tokens, in f32', () => {
    const crossovers = KV_HEAVY_SIZES.map((s) =>
      analytic.kvCrossoverContext({ model: shapeOf(s.config), weightDtype: 'f32', kvDtype: 'f32' }, 1),
    );
    for (const S of crossovers) expect(S).toBeLessThan(2048);
    // Larger models cross later: their weights grow as width², their KV per token as width.
    expect(crossovers).toEqual([...crossovers].sort((a, b) => a - b));
    expect(crossovers[0]).toBeGreaterThan(64);
  });
});
