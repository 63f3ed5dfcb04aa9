// The widget mounted in jsdom over a scripted engine on the CPU fallback: the button runs the serve-stream job on
// the shipped model with the burst the linked settings make, cut to the CPU's limits, in the CPU's small pool,
// contiguous then paged; the run bar says which allocator is serving; once the result is in, the readout, the
// comparison and both maps at the step where contiguous held the most come from it, and the step slider (linked in
// the address) moves both maps. (Plot draws nothing here, since jsdom lays nothing out; the chart's own test renders
// it.)
import { describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import type { ServeStreamRequest, ServeStreamResult, ServeStreamStep, SessionRequest } from '@engine/index';
import { scriptedEngine } from '../testing/cpu-engine';
import { mountWidget, settle } from '../testing/mount-widget';
import { targetModel } from '../testing/target-model';
import { MEMORY_RESULT } from './memory-fixture';
import { CPU_DEVICE } from './memory-plan';
import PagedMemoryMap from './PagedMemoryMap.svelte';

const calls: { name: string; request: ServeStreamRequest; model: SessionRequest }[] = [];
/** Each run waits here after its first step, until the test lets it go on. */
let proceed = () => {};
const engine = scriptedEngine;
engine.run = async (
  name: string,
  request: ServeStreamRequest,
  options: { model: SessionRequest; onProgress: (update: { partial?: ServeStreamStep }) => void },
): Promise<ServeStreamResult> => {
  calls.push({ name, request, model: options.model });
  const streamed = MEMORY_RESULT.runs.flatMap((r) =>
    r.steps.map((step) => ({ policy: r.policy, reservation: r.reservation, step })),
  );
  options.onProgress({ partial: streamed[0]! });
  await new Promise<void>((resolve) => (proceed = resolve));
  for (const step of streamed.slice(1)) options.onProgress({ partial: step });
  return MEMORY_RESULT;
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));
vi.mock('../state/heldout-text', () => ({ heldoutText: async () => 'Held-out text.' }));

const text = (page: HTMLElement, selector: string) =>
  [...page.querySelectorAll(selector)].map((e) => e.textContent!.replace(/\s+/g, ' ').trim());
const button = (page: HTMLElement, label: string) =>
  [...page.querySelectorAll('button')].find((b) => b.textContent === label)!;
const firstColumn = (table: HTMLTableElement) => text(table, 'tbody tr td:first-child');

describe('PagedMemoryMap on the CPU fallback', () => {
  it('serves the linked burst both ways in the CPU’s pool, then shows both maps at the step the slider picks', async () => {
    const page = mountWidget('/lessons/paged-attention/?pmem.requests=20&pmem.seed=3', PagedMemoryMap, {
      model: targetModel,
    });
    expect(text(page, '.notice')[0]).toContain(
      'so the burst is cut to at most 6 requests with outputs of 8 tokens on average, and the KV memory to 48 tokens.',
    );
    expect(text(page, '.status-line')).toEqual([
      'On the CPU the stream is cut to 6 requests and outputs of 8 tokens on average.',
    ]);
    button(page, 'Serve the burst both ways').click();
    await settle(20);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.name).toBe('serve-stream');
    expect(calls[0]!.request).toEqual({
      text: 'Held-out text.',
      stream: {
        seed: 3,
        requests: 6,
        rate: Infinity,
        promptTokens: { kind: 'uniform', min: 8, max: 12 },
        outputTokens: { kind: 'geometric', mean: 8, max: 32 },
      },
      scheduler: { slots: 8, tokenBudget: 64, chunkedPrefill: false, staticTimeout: 0 },
      runs: [
        { policy: 'continuous', reservation: 'contiguous' },
        { policy: 'continuous', reservation: 'paged' },
      ],
    });
    expect(calls[0]!.model.model).toEqual({ kind: 'url', base: 'http://localhost:3000/models/prose-target' });
    expect(calls[0]!.model.shape).toEqual(CPU_DEVICE.shape);
    expect(text(page, '.status-line')[0]).toBe('Serving the burst from contiguous reservations: 1 step…');

    proceed();
    await settle(20);
    expect(text(page, '.status-line')).toEqual([
      'On the CPU the stream is cut to 6 requests and outputs of 8 tokens on average. Served 5 requests: ' +
        '7 steps from contiguous reservations and 6 steps from paged blocks.',
    ]);
    expect(text(page, '.readout dt').slice(0, 4)).toEqual([
      'Largest batch, contiguous',
      'Internal waste, mean, contiguous',
      'External waste, mean, contiguous',
      'Largest batch, paged',
    ]);
    expect(text(page, 'p.summary')[0]).toMatch(
      /^Serving the same 5 requests in the same memory, paged blocks ran/,
    );

    // First, the step where contiguous held the most: the first, 29 of 32 tokens.
    const step = page.querySelector<HTMLInputElement>('#pmem-step-range')!;
    expect([step.min, step.max, step.value]).toEqual(['1', '7', '1']);
    const [atStep, map] = [...page.querySelectorAll('table')];
    expect(text(atStep!, 'thead th')).toEqual(['After step 1', 'Contiguous', 'Paged']);
    expect(text(atStep!, 'tbody tr:nth-child(2) td')).toEqual([
      'Held',
      '29 tokens (178 kB)',
      '24 tokens (147 kB)',
    ]);
    expect(firstColumn(map!)).toEqual([...Array(4).fill('Contiguous'), ...Array(5).fill('Paged')]);

    step.value = '4';
    step.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(location.search).toContain('pmem.step=4');
    expect(text(atStep!, 'thead th')[0]).toBe('After step 4');
    expect(text(page, 'p.summary')[1]).toMatch(
      /^After step 4, measured\. Contiguous reservations: 3 requests/,
    );
    expect(text(map!, 'tbody tr td:nth-child(3)')).toContain('blocks 5, 1');
  });

  it('opens at the step linked in the address', async () => {
    const page = mountWidget('/lessons/paged-attention/?pmem.step=4', PagedMemoryMap, { model: targetModel });
    button(page, 'Serve the burst both ways').click();
    await settle(20);
    proceed();
    await settle(20);
    expect(page.querySelector<HTMLInputElement>('#pmem-step-range')!.value).toBe('4');
    expect(text(page, 'table thead th')[0]).toBe('After step 4');
  });
});
