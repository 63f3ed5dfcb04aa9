import { describe, expect, it } from 'vitest';
import { Random } from './random';

describe('Random', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new Random(42)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new Random(42)),
    );
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new Random(43)),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('stays in [0, 1) with mean near 1/2 and normals near mean 0, variance 1', () => {
    const r = new Random(7);
    const u = Array.from({ length: 20000 }, () => r.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.reduce((a, b) => a + b) / u.length).toBeCloseTo(0.5, 1);
    const n = Array.from({ length: 20000 }, () => r.normal());
    const mean = n.reduce((a, b) => a + b) / n.length;
    const variance = n.reduce((a, b) => a + (b - mean) ** 2, 0) / n.length;
    expect(mean).toBeCloseTo(0, 1);
    expect(variance).toBeCloseTo(1, 1);
  });
});
