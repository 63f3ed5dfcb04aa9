import { describe, expect, it } from 'vitest';
import { f16ToF32 } from '../model/half';
import { syntheticWeights } from '../model/synthetic';
import { syntheticConfig } from '../model/synthetic-configs';
import { tensorSpecs } from '../model/weights';
import { dequantizeMatrix, type PackedMatrix } from './quantize';
import { syntheticEncodedWeights, syntheticMatrix } from './synthetic-encoded';
import type { EncodedMatrix } from './encoded-matrix';

const config = syntheticConfig({ width: 128, layers: 2, mlpWidth: 384 });
const spec = tensorSpecs(config).find((s) => s.name === 'model.layers.1.mlp.down_proj.weight')!; // (128, 384)

function std(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! ** 2;
  return Math.sqrt(sum / values.length);
}

describe('synthetic weights drawn in a scheme', () => {
  it('have about the f32 model’s spread, 1/√fan-in, in int4 with zero-points and in f16', () => {
    const int4 = syntheticMatrix(3, 7, spec, { kind: 'int', bits: 4, group: 32, zeroPoint: true });
    expect(std(dequantizeMatrix(int4 as PackedMatrix)) * Math.sqrt(384)).toBeCloseTo(1, 1);
    const f16 = syntheticMatrix(3, 7, spec, { kind: 'f16' });
    const halves = Array.from(f16.words).flatMap((w) => [f16ToF32(w & 0xffff), f16ToF32(w >>> 16)]);
    expect(std(halves) * Math.sqrt(384)).toBeGreaterThan(0.7);
    expect(std(halves) * Math.sqrt(384)).toBeLessThan(1.4);
  });

  it('depend on the seed and tensor, and give a tied head its own 16-bit copy', () => {
    const scheme = { kind: 'int', bits: 8, group: 'row', zeroPoint: false } as const;
    expect(syntheticMatrix(3, 7, spec, scheme).words).toEqual(syntheticMatrix(3, 7, spec, scheme).words);
    expect(syntheticMatrix(3, 8, spec, scheme).words).not.toEqual(syntheticMatrix(3, 7, spec, scheme).words);
    const tied = { ...config, tieWordEmbeddings: true };
    const weights = syntheticEncodedWeights(tied, 5, scheme);
    expect((weights.lmHead as EncodedMatrix).scheme).toEqual({ kind: 'f16' });
    expect(weights.layers[0]!.attnNorm).toEqual(syntheticWeights(tied, 5).layers[0]!.attnNorm);
    expect(syntheticEncodedWeights(config, 5, { kind: 'f32' })).toEqual(syntheticWeights(config, 5));
  });
});
