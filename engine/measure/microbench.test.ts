import { describe, expect, it } from 'vitest';
import { measureCpuRates } from './microbench';

describe('measureCpuRates', () => {
  it('measures positive rates on the wall clock and reports progress to the end', async () => {
    const stages: string[] = [];
    const profile = await measureCpuRates((stage) => stages.push(stage));
    expect(profile.backend).toBe('cpu');
    expect(profile.copyBandwidth).toBeGreaterThan(1e8);
    expect(profile.peakFlops).toBeGreaterThan(1e7);
    expect(profile.clock).toBe('wall');
    expect(profile.seconds).toBeGreaterThan(0);
    expect(profile.copyArrayBytes).toBe(64 * 2 ** 20);
    expect(stages.at(-1)).toBe('done');
  });
});
