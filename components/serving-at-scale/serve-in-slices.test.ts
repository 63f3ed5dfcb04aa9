import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUEST, scaleSetup } from './scale-request';
import { serveInSlices } from './serve-in-slices';

const scale = scaleSetup({ ...DEFAULT_REQUEST, requests: 120 });

describe('serving at scale in slices', () => {
  it('hands the event loop a turn within a run, where a cancel lands', async () => {
    const controller = new AbortController();
    let turns = 0;
    const count = setInterval(() => turns++, 0);
    const running = serveInSlices(scale, 20, 'continuous', controller.signal, 0);
    setTimeout(() => controller.abort(), 5);
    await expect(running).rejects.toThrow(/abort/i);
    clearInterval(count);
    expect(turns).toBeGreaterThan(0);
  });
});
