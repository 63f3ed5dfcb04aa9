// The widget mounted in jsdom over a scripted engine on the CPU fallback: Serve runs the prefix-share job on the
// shipped model with the requests the linked settings make, cut to the CPU's limits; the requests stream in as each
// ends, and once the result is in, the readouts, the comparison and the table come from it. Choosing another system
// prompt serves again; Cancel stops a run, saying where. (Plot draws nothing here, since jsdom lays nothing out; the
// charts' own tests render them.)
import { describe, expect, it, vi } from 'vitest';
import type { PrefixShareRequest, PrefixShareResult, PrefixShareServed, SessionRequest } from '@engine/index';
import { RERUN_DELAY_MS } from '../frame/auto-run.svelte';
import { scriptedEngine } from '../testing/cpu-engine';
import { mountWidget, settle } from '../testing/mount-widget';
import { targetModel } from '../testing/target-model';
import { PREFIX_RESULT, STREAMED } from './prefix-fixture';
import { PREFIX_SHAPE } from './prefix-plan';
import { QUESTIONS, SYSTEM_PROMPTS } from './prompt-texts';
import PrefixSharing from './PrefixSharing.svelte';

const calls: { name: string; request: PrefixShareRequest; model: SessionRequest }[] = [];
/** Each run waits here after its first request, until the test lets it go on or cancels it. */
let proceed = () => {};
const engine = scriptedEngine;
engine.run = async (
  name: string,
  request: PrefixShareRequest,
  options: {
    model: SessionRequest;
    signal: AbortSignal;
    onProgress: (update: { partial?: PrefixShareServed }) => void;
  },
): Promise<PrefixShareResult> => {
  calls.push({ name, request, model: options.model });
  options.onProgress({ partial: STREAMED[0]! });
  await new Promise<void>((resolve, reject) => {
    proceed = resolve;
    options.signal.addEventListener('abort', () => reject(new Error('aborted')));
  });
  for (const served of STREAMED.slice(1)) options.onProgress({ partial: served });
  return PREFIX_RESULT;
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));

const text = (page: Element, selector: string) =>
  [...page.querySelectorAll(selector)].map((e) => e.textContent!.replace(/\s+/g, ' ').trim());
const rows = (page: HTMLElement) =>
  [...page.querySelectorAll('tbody tr')].map((row) => text(row, 'td').join(' '));
const button = (page: HTMLElement, label: string) =>
  [...page.querySelectorAll('button')].find((b) => b.textContent === label)!;
const ADDRESS = '/lessons/paged-attention/?prefix.requests=3&prefix.system=brief&prefix.tokens=8';

describe('PrefixSharing on the CPU fallback', () => {
  it('serves the linked requests cut to the CPU’s limits, shows them as they end, and reads the result out', async () => {
    const page = mountWidget(ADDRESS, PrefixSharing, { model: targetModel });
    expect(text(page, '.notice')[0]).toContain(
      'so the run is cut to at most 3 requests and 2 tokens generated per request, with system prompts up to 48 words.',
    );
    const cut = 'On the CPU the run is cut to the 48-word system prompt and 2 tokens generated per request.';
    expect(text(page, '.status-line')).toEqual([cut]);
    button(page, 'Serve the requests').click();
    await settle(20);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.name).toBe('prefix-share');
    expect(calls[0]!.request).toEqual({
      system: SYSTEM_PROMPTS[1]!.text,
      questions: QUESTIONS.slice(0, 3),
      newTokens: 2,
    });
    expect(calls[0]!.model.model).toEqual({ kind: 'url', base: 'http://localhost:3000/models/prose-target' });
    expect(calls[0]!.model.shape).toEqual(PREFIX_SHAPE);

    // The first request is in the table while the run goes on.
    expect(text(page, '.status-line')[0]).toMatch(/^Request 2 of 3, prefix cache off…/);
    expect(rows(page)).toEqual(['#1 48 — — 12 ms —', '#2 — — — — —', '#3 — — — — —']);
    expect(text(page, 'p.summary')[0]).toMatch(
      /^The prefix cache is off for the first run and on for the second/,
    );

    proceed();
    await settle(20);
    expect(text(page, '.status-line')).toEqual([
      `${cut} Served 3 requests with the prefix cache off, then on. The system prompt is 40 tokens: 2 whole ` +
        'blocks of 16 and 8 over.',
    ]);
    expect(text(page, '.readout dd .value')).toEqual([
      '12 blocks, 1.18 MB',
      '8 blocks, 786 kB',
      '2 blocks',
      '64 of 150 (42.7 %)',
      '0.35 ×',
    ]);
    expect(text(page, 'p.summary')[0]).toMatch(
      /^With the prefix cache on, the 2 requests after the first each found 32 prompt tokens in the cache/,
    );
    expect(rows(page)).toEqual([
      '#1 48 0 48 12 ms 12 ms',
      '#2 50 32 18 12.5 ms 4 ms',
      '#3 52 32 20 13 ms 5 ms',
    ]);
    expect(text(page, '.fine-print')[0]).toContain(
      'so every later request computes up to 15 tokens of the system prompt again (8 here)',
    );

    const select = page.querySelector<HTMLSelectElement>('#prefix-system-select')!;
    select.value = 'sentence';
    select.dispatchEvent(new Event('change'));
    await new Promise((resolve) => setTimeout(resolve, RERUN_DELAY_MS + 50));
    await settle(20);
    expect(location.search).toContain('prefix.system=sentence');
    expect(calls.map((c) => c.request.system)).toEqual([SYSTEM_PROMPTS[1]!.text, SYSTEM_PROMPTS[0]!.text]);
    proceed();
    await settle(20);
  });

  it('stops at Cancel, saying after which request', async () => {
    const page = mountWidget(ADDRESS, PrefixSharing, { model: targetModel });
    button(page, 'Serve the requests').click();
    await settle(20);
    button(page, 'Cancel').click();
    await settle(20);
    expect(text(page, '.status-line')).toEqual(['Cancelled after request 1 of 3, prefix cache off.']);
  });
});
