import { describe, expect, it } from 'vitest';
import { hardwareById, HARDWARE } from './hardware';
import { attainableFlops, boundBy, ridgeIntensity } from './roofline';

const h100 = hardwareById('h100-sxm');

describe('roofline', () => {
  it('puts the H100 bf16 ridge at 989.4 TFLOP/s ÷ 3.35 TB/s ≈ 295 FLOP/byte', () => {
    expect(ridgeIntensity(h100, 'bf16')).toBeCloseTo(295.343, 3);
    expect(ridgeIntensity(h100, 'f32')).toBeCloseTo(20, 0);
  });

  it('caps attainable FLOP/s at the bandwidth slope below the ridge and at the peak above it', () => {
    expect(attainableFlops(h100, 'bf16', 1)).toBe(3.35e12);
    expect(attainableFlops(h100, 'bf16', 1000)).toBe(989.4e12);
    expect(boundBy(h100, 'bf16', 1)).toBe('memory');
    expect(boundBy(h100, 'bf16', 1000)).toBe('compute');
  });

  it('gives every preset positive figures and a source', () => {
    for (const device of HARDWARE) {
      expect(device.peakBf16).toBeGreaterThan(0);
      expect(device.peakF32).toBeGreaterThan(0);
      expect(device.bandwidth).toBeGreaterThan(0);
      expect(device.memoryBytes).toBeGreaterThan(0);
      expect(device.source.url).toMatch(/^https:\/\//);
    }
  });
});
