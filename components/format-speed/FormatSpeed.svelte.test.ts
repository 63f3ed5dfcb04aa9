// The widget mounted in jsdom over a scripted engine client on the CPU fallback: the controls read the address, the
// CPU gets only the small sizes, and a run loads the model in every format, fewest bytes first, and fills the
// readout and the table. (Plot draws nothing here, since jsdom lays nothing out; the chart's own test renders it.)
import { describe, expect, it, vi } from 'vitest';
import type { EngineClient, SessionRequest } from '@engine/index';
import { mountWidget, settle } from '../testing/mount-widget';
import FormatSpeed from './FormatSpeed.svelte';

const loads = vi.hoisted(() => [] as SessionRequest[]);

vi.mock('../state/engine.svelte', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../state/engine.svelte')>();
  // Each format's step takes 1 ms per 2 bits per weight, more or less: f32 16 ms, int4 g128 about 2 ms.
  const stepMs = (request: SessionRequest) => {
    const w = request.weights;
    if (!w || w.kind === 'f32') return 16;
    if (w.kind === 'f16') return 8;
    if (w.kind === 'w8a8') return 4;
    return w.bits / 2 + (w.group === 32 ? 0.25 : 0);
  };
  let loaded: SessionRequest | undefined;
  const client = {
    onDeviceLost: () => {},
    async load(request: SessionRequest) {
      loads.push(request);
      loaded = request;
      return { backend: 'cpu', parameters: 1, weightBytes: 4 };
    },
    async run(name: string) {
      if (name === 'probe-device') return { backend: 'cpu', fallbackReason: 'No WebGPU here.' };
      if (name === 'measure-device')
        return { backend: 'cpu', copyBandwidth: 10e9, peakFlops: 1e9, clock: 'wall', seconds: 1 };
      const stepSeconds = stepMs(loaded!) / 1e3;
      return [{ batch: 1, stepSeconds, tokensPerSecond: 1 / stepSeconds }];
    },
  };
  const engine = new actual.Engine(() => client as unknown as EngineClient);
  return { ...actual, useEngine: () => (void engine.ensureProbe(), engine) };
});

describe('FormatSpeed on the CPU fallback', () => {
  it('offers the small sizes, then measures every format of the one asked for', async () => {
    const page = mountWidget('/lessons/quantization/?fspeed.size=xs&fspeed.steps=2', FormatSpeed, {});
    await settle(20);
    expect(page.querySelector('[data-widget="format-speed"]')).not.toBeNull();
    expect(page.textContent).toContain('Running on the CPU.');
    const sizes = [...page.querySelectorAll('select option')].map((o) => o.getAttribute('value'));
    expect(sizes).toEqual(['xs', 's']);

    const button = [...page.querySelectorAll('button')].find((b) => b.textContent === 'Measure each format')!;
    expect(button.disabled).toBe(false);
    button.click();
    await settle(20);
    expect(loads.map((l) => (l.weights?.kind === 'int' ? `int${l.weights.bits}` : l.weights?.kind))).toEqual([
      'int4',
      'int4',
      'int8',
      'f16',
      'f32',
    ]);
    expect(loads.every((l) => l.model.kind === 'synthetic' && l.model.config.hiddenSize === 128)).toBe(true);
    const rows = [...page.querySelectorAll('tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows.map((r) => [r[0], r[3]])).toEqual([
      ['f32', '16 ms'],
      ['f16', '8 ms'],
      ['int8 per channel', '4 ms'],
      ['int4 g32', '2.25 ms'],
      ['int4 g128', '2 ms'],
    ]);
    const readout = [...page.querySelectorAll('.readout div')].map((d) => [
      d.querySelector('dt')!.textContent,
      d.querySelector('.value')!.textContent,
    ]);
    expect(readout.slice(0, 3)).toEqual([
      ['Copy bandwidth', '10 GB/s'],
      ['Fastest', 'int4 g128: 500 tokens/s'],
      ['int4 g128 over f16', '×4'],
    ]);
    expect(page.querySelector('p.summary')!.textContent).toMatch(
      /^Measured on the CPU, one sequence, batch-1 decode steps: f32 16 ms \(/,
    );
  });
});
