// The widget mounted in jsdom over a scripted engine on the CPU fallback: Serve runs the serve-stream job on the
// shipped model with the stream the linked settings make, cut to the CPU's limits, its prompts to be cut from the
// held-out text; the steps stream in policy by policy, and once the result is in, the comparison, the metrics, each
// request's times and texts come from it. Switching chunked prefill on serves the stream again. (Plot draws nothing
// here, since jsdom lays nothing out; the charts' own tests render them.)
import { describe, expect, it, vi } from 'vitest';
import type { ServeStreamRequest, ServeStreamResult, ServeStreamStep, SessionRequest } from '@engine/index';
import { RERUN_DELAY_MS } from '../frame/auto-run.svelte';
import { scriptedEngine } from '../testing/cpu-engine';
import { mountWidget, settle } from '../testing/mount-widget';
import { targetModel } from '../testing/target-model';
import { SERVE_SHAPE } from './serve-request';
import { SERVE_RESULT, STREAMED } from './serve-fixture';
import ServingSlots from './ServingSlots.svelte';

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
  options.onProgress({ partial: STREAMED[0]! });
  await new Promise<void>((resolve) => (proceed = resolve));
  for (const step of STREAMED.slice(1)) options.onProgress({ partial: step });
  return SERVE_RESULT;
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));
vi.mock('../state/heldout-text', () => ({ heldoutText: async () => 'Held-out text.' }));

const text = (page: HTMLElement, selector: string) =>
  [...page.querySelectorAll(selector)].map((e) => e.textContent!.replace(/\s+/g, ' ').trim());
const button = (page: HTMLElement, label: string) =>
  [...page.querySelectorAll('button')].find((b) => b.textContent === label)!;

describe('ServingSlots on the CPU fallback', () => {
  it('serves the linked stream cut to the CPU’s limits, draws the steps as they come, and reads the result out', async () => {
    const page = mountWidget(
      '/lessons/continuous-batching/?serve.requests=20&serve.slots=2&serve.seed=3',
      ServingSlots,
      {
        model: targetModel,
      },
    );
    expect(text(page, '.notice')[0]).toContain(
      'so the stream is cut to at most 6 requests, outputs of 8 tokens on average and prompts of at most 24 tokens.',
    );
    expect(text(page, '.status-line')).toEqual([
      'On the CPU the stream is cut to 6 requests, outputs of 8 tokens on average and prompts of at most 24 tokens.',
    ]);
    button(page, 'Serve the stream').click();
    await settle(20);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.name).toBe('serve-stream');
    expect(calls[0]!.request).toEqual({
      text: 'Held-out text.',
      stream: {
        seed: 3,
        requests: 6,
        rate: 50,
        promptTokens: { kind: 'uniform', min: 8, max: 24 },
        outputTokens: { kind: 'geometric', mean: 8, max: 32 },
      },
      scheduler: { slots: 2, tokenBudget: 64, chunkedPrefill: false, staticTimeout: 0.02 },
      runs: [
        { policy: 'static', reservation: 'paged' },
        { policy: 'continuous', reservation: 'paged' },
      ],
    });
    expect(calls[0]!.model.model).toEqual({ kind: 'url', base: 'http://localhost:3000/models/prose-target' });
    expect(calls[0]!.model.shape).toEqual(SERVE_SHAPE);

    // The first static step is drawn while the run goes on.
    expect(text(page, '.status-line')[0]).toMatch(/^Serving the stream with static batching: 1 step…/);
    expect(text(page, '.chart-title')).toEqual(['Static batching', 'Continuous batching']);
    expect(text(page, '.results .fine-print').slice(0, 2)).toEqual([
      'Static batching, 2 slots over 10 ms, measured: while steps ran, the slots were working 100 % of the time, ' +
        'held idle by a request not in the step 0 % and empty 0 %; 1 of 1 steps prefilled a prompt.',
      'Continuous batching: no step served yet.',
    ]);
    expect(text(page, 'p.summary')).toEqual([
      'Static batching serves the stream first, then continuous batching; the figures follow once both have.',
    ]);

    proceed();
    await settle(20);
    expect(text(page, '.status-line')).toEqual([
      'On the CPU the stream is cut to 6 requests, outputs of 8 tokens on average and prompts of at most 24 ' +
        'tokens. Served 3 requests: 5 steps of static batching and 3 steps of continuous batching.',
    ]);
    expect(text(page, 'p.summary')[0]).toBe(
      'Served the same 3 requests, continuous batching finished sooner, in 30 ms against 50 ms: 200 tokens/s, ' +
        "1.67 times static batching's 120, with its slots working 100 % of the time against 60 %. Its median time " +
        'to first token was 10 ms against 10 ms, and its p99 latency 29.9 ms against 44.7 ms.',
    );
    const [metrics, requests] = [...page.querySelectorAll('table')];
    expect(metrics!.querySelector('caption')!.textContent).toBe(
      'The same 6 requests served by prose-target on the CPU, 2 slots, arriving at 50 per second (seed 3); ' +
        'measured, wall clock',
    );
    expect(text(metrics!, 'tbody tr:first-child td')).toEqual(['Throughput', '120 tokens/s', '200 tokens/s']);
    expect(text(requests!, 'tbody tr')).toHaveLength(3);
    expect(text(page, '.texts li')).toEqual([
      'Request #1, 3 tokens generated It is a truth universally acknowledged, that a man',
      'Request #2, 1 token generated Elinor was silent',
      'Request #3, 2 tokens generated The cottage stood near the',
    ]);

    page.querySelector<HTMLInputElement>('#serve-chunked-switch')!.click();
    await new Promise((resolve) => setTimeout(resolve, RERUN_DELAY_MS + 50));
    await settle(20);
    expect(location.search).toContain('serve.chunked=1');
    expect(calls.map((c) => c.request.scheduler.chunkedPrefill)).toEqual([false, true]);
    expect(text(page, '.status-line')[0]).toMatch(/^Serving the stream with static batching: 1 step…/);
    proceed();
    await settle(20);
  });
});
