import { describe, expect, it } from 'vitest';
import { Random } from '../model/random';
import { argmax, sample, samplingDistribution } from './sampling';

const logits = Float32Array.from([Math.log(0.5), Math.log(0.3), Math.log(0.2)]);

describe('sampling', () => {
  it('is greedy at temperature 0, first index on ties', () => {
    expect(argmax(Float32Array.from([1, 3, 3, 2]))).toBe(1);
    expect(sample(logits, { temperature: 0 }, new Random(1))).toBe(0);
  });

  it('recovers the softmax at temperature 1', () => {
    const probs = samplingDistribution(logits, { temperature: 1 });
    expect(Array.from(probs).map((p) => Number(p.toFixed(6)))).toEqual([0.5, 0.3, 0.2]);
  });

  it('cuts to top-k and to top-p, then renormalises', () => {
    expect(
      Array.from(samplingDistribution(logits, { temperature: 1, topK: 2 })).map((p) => Number(p.toFixed(6))),
    ).toEqual([0.625, 0.375, 0]);
    // 0.5 < 0.7, 0.5 + 0.3 ≥ 0.7: the third token is cut.
    expect(
      Array.from(samplingDistribution(logits, { temperature: 1, topP: 0.7 })).map((p) =>
        Number(p.toFixed(6)),
      ),
    ).toEqual([0.625, 0.375, 0]);
    expect(Array.from(samplingDistribution(logits, { temperature: 1, topP: 0.4 }))).toEqual([1, 0, 0]);
  });

  it('sharpens at low temperature: p ∝ p₀^(1/T)', () => {
    const probs = samplingDistribution(logits, { temperature: 0.5 });
    const z = 0.25 + 0.09 + 0.04;
    expect(probs[0]).toBeCloseTo(0.25 / z, 6);
  });

  it('draws with the frequencies of the distribution, reproducibly for a seed', () => {
    const rng = new Random(99);
    const counts = [0, 0, 0];
    const n = 30000;
    for (let i = 0; i < n; i++) counts[sample(logits, { temperature: 1 }, rng)]!++;
    // Three-sigma bounds for a binomial with n = 30000.
    [0.5, 0.3, 0.2].forEach((p, i) =>
      expect(Math.abs(counts[i]! / n - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / n)),
    );
    const again = (seed: number) =>
      Array.from(
        { length: 20 },
        (
          (r) => () =>
            sample(logits, { temperature: 1 }, r)
        )(new Random(seed)),
      );
    expect(again(5)).toEqual(again(5));
  });
});
