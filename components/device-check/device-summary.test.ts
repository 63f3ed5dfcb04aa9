import { describe, expect, it } from 'vitest';
import { adapterName } from '../state/page-device';
import { meaning, summaryItems } from './device-summary';

const gpu = {
  backend: 'webgpu' as const,
  copyBandwidth: 400e9,
  peakFlops: 8e12,
  dispatchSeconds: 5e-6,
  submitSeconds: 1e-4,
  clock: 'wall' as const,
  seconds: 1.2,
};

describe('device summary', () => {
  it('derives the ridge from the two measured rates', () => {
    expect(summaryItems(gpu).find((i) => i.label === 'Ridge point')?.value).toBe('20 FLOP/byte');
    expect(summaryItems(gpu).map((i) => i.label)).toContain('One dependent dispatch');
  });

  it('compares with the H100 datasheet: 3.35 TB/s ÷ 400 GB/s = 8.4', () => {
    expect(meaning(gpu)).toContain('8.4 times what this device copies');
    expect(meaning(gpu)).toContain('f32 ridge 20');
  });

  it('calls decoding memory-bound only when the ridge is clearly above one FLOP per byte', () => {
    expect(meaning(gpu)).toContain('so decoding here is memory-bound');
    expect(meaning({ ...gpu, peakFlops: 400e9 })).toContain('sits near the ridge');
  });

  it('names the adapter, or the CPU', () => {
    expect(adapterName({ backend: 'cpu', fallbackReason: 'none' })).toBe('CPU (JavaScript), no WebGPU');
    expect(
      adapterName({
        backend: 'webgpu',
        adapter: { vendor: 'google', architecture: 'swiftshader', description: '' },
      }),
    ).toBe('WebGPU: google · swiftshader');
  });
});
