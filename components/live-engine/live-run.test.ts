import { describe, expect, it } from 'vitest';
import { fallbackFor, runSpeed, sizeOptions } from './live-run';

describe('live engine run', () => {
  it('offers every size before the probe, and only the CPU sizes on the CPU', () => {
    expect(sizeOptions(undefined).every((o) => o.refusal === undefined)).toBe(true);
    const cpu = sizeOptions({ backend: 'cpu', fallbackReason: 'no adapter' });
    expect(cpu.filter((o) => !o.refusal).map((o) => o.value)).toEqual(['xs', 's']);
  });

  it('refuses sizes whose largest buffer breaks the adapter limit, naming it', () => {
    const small = sizeOptions({
      backend: 'webgpu',
      limits: { maxStorageBufferBindingSize: 8e6, maxBufferSize: 1e9 },
    });
    expect(small.find((o) => o.value === 'xs')?.refusal).toBeUndefined();
    expect(small.find((o) => o.value === 'xxl')?.refusal).toMatch(
      /more than this device's maxStorageBufferBindingSize of 8.00 MB/,
    );
  });

  it('falls back to the largest size the device runs, saying why', () => {
    const cpu = { backend: 'cpu' as const, fallbackReason: 'no adapter' };
    const options = sizeOptions(cpu);
    expect(fallbackFor(options, 'xxl', cpu, (o) => o.value)).toEqual({
      value: 's',
      note: 'The xxl model cannot run here (too slow for the CPU fallback); using s.',
    });
    expect(fallbackFor(options, 'xs', cpu)).toBeUndefined();
    expect(fallbackFor(sizeOptions(undefined), 'xxl', undefined)).toBeUndefined();
  });

  it('labels sizes by computed parameters and bytes', () => {
    // xs: width 128, 2 layers, F = 352, vocab 256: 2·256·128 + 2·(2·128 + 4·128² + 3·128·352) + 128 = 467,584.
    expect(sizeOptions(undefined)[0]?.label).toBe('470,000 parameters · 1.9 MB');
  });

  it('measures decode rate over decode steps only', () => {
    const speed = runSpeed([
      { text: 'a', tokens: 1, phase: 'prefill', seconds: 0.5, tokensIn: 20 },
      { text: 'ab', tokens: 2, phase: 'decode', seconds: 0.1, tokensIn: 1 },
      { text: 'abc', tokens: 3, phase: 'decode', seconds: 0.3, tokensIn: 1 },
    ]);
    expect(speed).toEqual({
      prefillTokens: 20,
      prefillSeconds: 0.5,
      decodeTokens: 2,
      decodeSeconds: 0.4,
      decodeRate: 5,
    });
  });
});
