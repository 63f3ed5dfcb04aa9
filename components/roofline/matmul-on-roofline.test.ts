import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { placeMatmul } from './matmul-on-roofline';

const device = analytic.hardwareById('h100-sxm');

describe('placeMatmul', () => {
  it('puts a bf16 decode-shaped product on the bandwidth slope', () => {
    const placed = placeMatmul({ device, dtype: 'bf16', B: 1, T: 1, D: 4096, F: 4096 });
    expect(placed.rows).toBe(1);
    expect(placed.bound).toBe('memory');
    expect(placed.attainable).toBeCloseTo(3.35e12 * placed.cost.intensity, 0);
    expect(placed.seconds).toBeCloseTo(33_570_816 / 3.35e12, 15);
    expect(placed.summary).toContain('below the NVIDIA H100 SXM ridge of 295 FLOP/byte');
  });

  it('puts a prefill of 8 × 512 tokens on the compute ceiling', () => {
    const placed = placeMatmul({ device, dtype: 'bf16', B: 8, T: 512, D: 4096, F: 4096 });
    expect(placed.rows).toBe(4096);
    expect(placed.bound).toBe('compute');
    expect(placed.attainable).toBe(989.4e12);
    expect(placed.seconds).toBeCloseTo((2 * 4096 ** 3) / 989.4e12, 15);
  });
});
