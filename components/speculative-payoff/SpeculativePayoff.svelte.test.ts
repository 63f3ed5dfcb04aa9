// The widget mounted in jsdom over a scripted engine on the CPU fallback: Measure runs the speculative-payoff job on
// the target with the draft beside it, for every K up to the largest, with the linked settings and the CPU's shorter
// runs; the partial results stream in, and the readout, the verdict and the table come from the result. Moving the
// largest K runs again for the new Ks. (Plot draws nothing here, since jsdom lays nothing out; the charts' own test
// renders them.)
import { describe, expect, it, vi } from 'vitest';
import type { PayoffRequest, PayoffResult, SessionRequest } from '@engine/index';
import { RERUN_DELAY_MS } from '../frame/auto-run.svelte';
import { DEFAULT_PROMPT } from '../speculative-stream/speculative-session';
import { scriptedEngine } from '../testing/cpu-engine';
import { mountWidget, settle } from '../testing/mount-widget';
import { targetModel } from '../testing/target-model';
import { payoffResult, TARGET_ALONE } from './payoff-fixture';
import SpeculativePayoff from './SpeculativePayoff.svelte';

// On the CPU the verification's cost grows with the positions: 4.5 target steps at K = 4, and no K pays.
const result = payoffResult([0.02, 0.03, 0.045], [70, 80, 60]);
const calls: { name: string; request: PayoffRequest; model: SessionRequest }[] = [];
/** Each run waits here after timing the target alone, until the test lets it go on. */
let proceed = () => {};
const engine = scriptedEngine;
engine.run = async (
  name: string,
  request: PayoffRequest,
  options: { model: SessionRequest; onProgress: (update: { partial?: PayoffResult }) => void },
) => {
  calls.push({ name, request, model: options.model });
  options.onProgress({ partial: { tokensRead: 30, target: TARGET_ALONE, points: [] } });
  await new Promise<void>((resolve) => (proceed = resolve));
  options.onProgress({ partial: { ...result, points: result.points.slice(0, 1) } });
  return result;
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));

const draft = {
  ...targetModel,
  id: 'prose-draft',
  path: '/models/prose-draft',
  cardPage: '/model-cards/prose-draft/',
};
const readout = (page: HTMLElement) =>
  [...page.querySelectorAll('.readout div')].map((d) => [
    d.querySelector('dt')!.textContent,
    d.querySelector('.value')!.textContent,
  ]);

describe('SpeculativePayoff on the CPU fallback', () => {
  it('measures every K with the linked settings, reads the result out, and runs again for a new largest K', async () => {
    const page = mountWidget(
      '/lessons/speculative-sampling/?payoff.temp=0.5&payoff.seed=9',
      SpeculativePayoff,
      { target: targetModel, draft },
    );
    expect(page.querySelector('.status-line')!.textContent!.trim()).toBe(
      'On the CPU each run emits 32 tokens.',
    );
    [...page.querySelectorAll('button')]
      .find((b) => b.textContent === 'Measure speculative decoding')!
      .click();
    await settle(20);
    expect(page.querySelector('p.summary')!.textContent).toBe(
      'Each model is timed alone first; the values of K follow, one by one.',
    );
    proceed();
    await settle(20);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.name).toBe('speculative-payoff');
    expect(calls[0]!.request).toEqual({
      prompt: DEFAULT_PROMPT,
      draftTokens: [1, 2, 3, 4, 5, 6, 7, 8],
      tokens: 32,
      temperature: 0.5,
      seed: 9,
    });
    expect(calls[0]!.model.model).toEqual({ kind: 'url', base: 'http://localhost:3000/models/prose-target' });
    expect(calls[0]!.model.draft).toEqual({ kind: 'url', base: 'http://localhost:3000/models/prose-draft' });

    expect(readout(page)).toEqual([
      ['Acceptance rate α, all K', '0.7'],
      ['Draft step ÷ target step, c', '0.4 (4 ms ÷ 10 ms)'],
      ['Verifying K + 1 = 5 tokens', '4.5 target decode steps (45 ms)'],
      ['Target alone', '100 tokens/s'],
      ['Best speedup', '×0.8 at K = 2'],
    ]);
    expect(page.querySelector('p.summary')!.textContent).toMatch(
      /^A verification of K \+ 1 = 5 tokens cost 4.5 target decode steps here \(measured at K = 4\), clearly more than one\. On the CPU fallback the forward is compute-bound/,
    );
    expect(page.querySelectorAll('tbody tr')).toHaveLength(3);
    expect(page.querySelector('caption')!.textContent).toBe(
      'Speculative decoding on the CPU: prose-target verifying, prose-draft drafting, 32 tokens per run at ' +
        'temperature 0.5, seed 9; measured (wall clock) and formula',
    );

    const range = page.querySelector<HTMLInputElement>('#payoff-K-range')!;
    range.value = '3';
    range.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, RERUN_DELAY_MS + 50));
    await settle(20);
    proceed();
    await settle(20);
    expect(location.search).toContain('payoff.K=3');
    expect(calls.map((c) => c.request.draftTokens)).toEqual([
      [1, 2, 3, 4, 5, 6, 7, 8],
      [1, 2, 3],
    ]);
  });
});
