import { describe, expect, it } from 'vitest';
import { copyTwin, fmaTwin, fmaTwinFlops } from './microbench-twins';

describe('microbenchmark twins', () => {
  it('copy copies', () => {
    const dst = new Float32Array(3);
    copyTwin(dst, Float32Array.from([1, 2, 3]));
    expect(Array.from(dst)).toEqual([1, 2, 3]);
  });

  it('fma: zero rounds sum the starting lanes; many rounds approach k ÷ (1 − m) = 1 in every lane', () => {
    const out = new Float32Array(2);
    fmaTwin(out, 2, 0);
    // thread 0: lanes 0, .25, .5, .75 plus chains 0..3 → 4·1.5 + 4·(0 + 1 + 2 + 3) = 30
    expect(out[0]).toBe(30);
    fmaTwin(out, 2, 20000);
    expect(out[0]).toBeCloseTo(16, 2);
    expect(fmaTwinFlops(256, 10)).toBe(256 * 10 * 32);
  });
});
