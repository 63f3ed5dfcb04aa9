// The widget mounted in jsdom over a scripted engine on the CPU fallback: the counted costs show before anything
// runs; Measure runs the attention-by-block job on the device alone with the model's heads and the CPU's smaller
// batch, and the times stream in block size by block size; the linked slider moves the mark and the readout without
// running again. (Plot draws nothing here, since jsdom lays nothing out; the charts' own test renders them.)
import { describe, expect, it, vi } from 'vitest';
import type { AttentionBlockPoint, AttentionByBlockRequest, AttentionByBlockResult } from '@engine/index';
import { scriptedEngine } from '../testing/cpu-engine';
import { mountWidget, settle } from '../testing/mount-widget';
import { targetModel } from '../testing/target-model';
import BlockSize from './BlockSize.svelte';

const POINTS: AttentionBlockPoint[] = [1, 2, 4, 8, 16, 32, 64, 128].map((blockSize, i) => ({
  blockSize,
  seconds: (5 - 0.25 * i) * 1e-3,
}));
const calls: { name: string; request: AttentionByBlockRequest; model: unknown }[] = [];
/** Each run waits here after its first two block sizes, until the test lets it go on. */
let proceed = () => {};
const engine = scriptedEngine;
engine.run = async (
  name: string,
  request: AttentionByBlockRequest,
  options: { model?: unknown; onProgress: (update: { partial?: AttentionBlockPoint }) => void },
): Promise<AttentionByBlockResult> => {
  calls.push({ name, request, model: options.model });
  for (const point of POINTS.slice(0, 2)) options.onProgress({ partial: point });
  await new Promise<void>((resolve) => (proceed = resolve));
  for (const point of POINTS.slice(2)) options.onProgress({ partial: point });
  return { backend: 'cpu', points: POINTS, cancelled: false };
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));

const text = (page: HTMLElement, selector: string) =>
  [...page.querySelectorAll(selector)].map((e) => e.textContent!.replace(/\s+/g, ' ').trim());
const readout = (page: HTMLElement) =>
  [...page.querySelectorAll('.readout div')].map((d) => [
    d.querySelector('dt')!.textContent,
    d.querySelector('.value')!.textContent,
  ]);

describe('BlockSize on the CPU fallback', () => {
  it('counts before measuring, streams the measured times, and moves the mark without running again', async () => {
    const page = mountWidget('/lessons/paged-attention/?block.size=64', BlockSize, { model: targetModel });
    expect(text(page, '.notice')[0]).toContain(
      'so the batch timed is 4 sequences of 256 tokens, not 8 of 1,024.',
    );
    expect(readout(page)[0]).toEqual(['Attention call, blocks of 64', '—']);
    expect(text(page, 'p.summary')[0]).toBe(
      'Not measured yet: the button times attention over 4 sequences of 256 tokens (N = 6, K = 2, H = 64) on the CPU, ' +
        'at every block size.',
    );
    expect(page.querySelectorAll('tbody tr')).toHaveLength(8);
    expect(text(page, 'tbody tr.chosen td')[0]).toBe('64');

    [...page.querySelectorAll('button')]
      .find((b) => b.textContent === 'Measure attention at every block size')!
      .click();
    await settle(20);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.name).toBe('attention-by-block');
    expect(calls[0]!.model).toBeUndefined();
    expect(calls[0]!.request).toEqual({
      B: 4,
      S: 256,
      N: 6,
      K: 2,
      H: 64,
      blockSizes: [1, 2, 4, 8, 16, 32, 64, 128],
      seed: 1,
    });
    // Two block sizes in: the first rows are measured, the chosen one not yet.
    expect(text(page, 'tbody tr td:nth-child(2)')).toEqual(['5 ms', '4.75 ms', '—', '—', '—', '—', '—', '—']);
    expect(readout(page)[0]).toEqual(['Attention call, blocks of 64', '—']);

    proceed();
    await settle(20);
    expect(readout(page)[0]).toEqual(['Attention call, blocks of 64', '3.5 ms']);
    expect(text(page, 'p.summary')[0]).toBe(
      'Measured on the CPU, attention over 4 sequences of 256 tokens (N = 6, K = 2, H = 64): 5 ms a call with ' +
        'blocks of 1 token, 3.25 ms with blocks of 128; fastest at 128 (3.25 ms).',
    );

    const range = page.querySelector<HTMLInputElement>('#block-size-range')!;
    range.value = '5';
    range.dispatchEvent(new Event('input', { bubbles: true }));
    await settle(5);
    expect(location.search).toBe('?block.size=32');
    expect(readout(page)[0]).toEqual(['Attention call, blocks of 32', '3.75 ms']);
    expect(text(page, 'tbody tr.chosen td')).toEqual(['32', '3.75 ms', '1,594', '11 %', '435', '1.74 kB']);
    expect(calls).toHaveLength(1);
  });
});
