import { describe, expect, it } from 'vitest';
import { matmulCost, rowsForIntensity } from './matmul';

describe('matmulCost', () => {
  it('counts a square f32 product by hand', () => {
    // 2·1024³ FLOPs; three 1024² matrices of 4-byte floats.
    const cost = matmulCost({ B: 1024, D: 1024, F: 1024 }, 'f32');
    expect(cost.flops).toBe(2_147_483_648);
    expect(cost.bytes).toBe(12_582_912);
    expect(cost.intensity).toBeCloseTo(170.6667, 4);
  });

  it('gives intensity just under 1 for a bf16 matrix-vector product', () => {
    // B=1: 2·4096² FLOPs over 2·(4096 + 4096² + 4096) bytes.
    const cost = matmulCost({ B: 1, D: 4096, F: 4096 }, 'bf16');
    expect(cost.flops).toBe(33_554_432);
    expect(cost.bytes).toBe(33_570_816);
    expect(cost.intensity).toBeCloseTo(0.99951, 5);
  });

  it('has intensity tending to B in bf16 when B is small against D and F', () => {
    const cost = matmulCost({ B: 8, D: 65536, F: 65536 }, 'bf16');
    expect(cost.intensity).toBeGreaterThan(7.99);
    expect(cost.intensity).toBeLessThan(8);
  });
});

describe('rowsForIntensity', () => {
  it('solves 4096B / (2B + 4096) ≥ 295 by hand: B ≥ 344.6, so 345', () => {
    expect(rowsForIntensity(4096, 4096, 'bf16', 295)).toBe(345);
  });

  it('returns null when the target is beyond what any B reaches', () => {
    // Intensity of (B×64)·(64×64) in bf16 is below 64/2 = 32 for every B.
    expect(rowsForIntensity(64, 64, 'bf16', 40)).toBeNull();
  });
});
