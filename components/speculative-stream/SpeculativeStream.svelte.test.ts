// The widget mounted in jsdom over a scripted engine that streams the three sample verifications (sample-steps.ts):
// it runs as soon as the device is known, plays the verifications one at a time (pausable, steppable, all at once),
// colours each token by its fate, shows the first rejection's position until the reader chooses another (by click or
// by the arrow keys), shows everything at once under reduced motion, and adds the greedy note at temperature 0.
// (Plot draws nothing here, since jsdom lays nothing out; the chart's own test renders it.)
import { describe, expect, it, vi } from 'vitest';
import type { SpeculateRequest, SpeculateResult, StepView } from '@engine/index';
import { RERUN_DELAY_MS } from '../frame/auto-run.svelte';
import { scriptedEngine } from '../testing/cpu-engine';
import { reducedMotion } from '../testing/reduced-motion';
import { mountWidget, settle } from '../testing/mount-widget';
import { targetModel } from '../testing/target-model';
import { SAMPLE_STEPS } from './sample-steps';
import { DEFAULT_PROMPT } from './speculative-session';
import SpeculativeStream from './SpeculativeStream.svelte';
import { REVEAL_MS } from '../frame/step-reveal.svelte';

interface Options {
  onProgress: (update: { stage: string; fraction: number; partial?: StepView }) => void;
}
const requests: SpeculateRequest[] = [];
scriptedEngine.run = async (
  _name: string,
  request: SpeculateRequest,
  { onProgress }: Options,
): Promise<SpeculateResult> => {
  requests.push(request);
  for (const partial of SAMPLE_STEPS) onProgress({ stage: 'drafting and verifying', fraction: 0, partial });
  return { promptTokens: 30, tokensRead: 30, steps: 3, emitted: 6, cancelled: false };
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));

const draftModel = { ...targetModel, id: 'prose-draft', path: '/models/prose-draft' };
const props = { target: targetModel, draft: draftModel };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const tokens = (page: HTMLElement) =>
  [...page.querySelectorAll<HTMLButtonElement>('.stream button.token')].map(
    (b) => `${b.classList[1]}:${b.textContent}`,
  );
const button = (page: HTMLElement, name: string) =>
  [...page.querySelectorAll<HTMLButtonElement>('.reveal button')].find((b) => b.textContent === name)!;
const status = (page: HTMLElement) => page.querySelector('.reveal [role="status"]')!.textContent;
const fate = (page: HTMLElement) => page.querySelector('.position-detail .fate')!.textContent;

const FIRST = ['accepted:␣the', 'rejected:␣same', 'resampled:␣fortune'];
const SECOND = ['accepted:␣man', 'accepted:␣in', 'bonus:↵'];
const THIRD = ['rejected:␣', 'resampled:It'];

describe('SpeculativeStream', () => {
  it('plays the verifications one by one, pauses, steps, shows all, and explains the chosen position', async () => {
    const page = mountWidget('/lessons/speculative-sampling/', SpeculativeStream, props);
    await settle(20);
    expect(requests).toEqual([
      { prompt: DEFAULT_PROMPT, draftTokens: 4, temperature: 1, seed: 1, maxTokens: 48 },
    ]);
    expect(tokens(page)).toEqual(FIRST);
    expect(status(page)).toBe(
      'Verification 1 of 3: 1 of 2 drafted tokens accepted; ‘␣same’ rejected and ‘␣fortune’ resampled.',
    );
    expect(page.querySelector('.prompt-tail')!.textContent).toBe(`…${DEFAULT_PROMPT.slice(-80)}`);
    expect(fate(page)).toBe(
      'The draft proposed ‘␣same’ with q = 0.6; the target gives p = 0.15; accepted with probability ' +
        'min(1, p/q) = 0.25; the uniform draw was 0.7, not below it → rejected.',
    );
    expect(page.querySelector('.position-detail .residual')!.textContent).toContain('‘␣fortune’');
    // One tab stop in the stream: the rejected token, whose position the resampled one shares.
    const tabStops = page.querySelectorAll<HTMLButtonElement>('.stream button[tabindex="0"]');
    expect([...tabStops].map((b) => b.textContent)).toEqual(['␣same']);

    await wait(REVEAL_MS + 100);
    await settle(2);
    expect(tokens(page)).toEqual([...FIRST, ...SECOND]);
    expect(page.querySelectorAll('.stream .step')).toHaveLength(2);
    button(page, 'Pause').click();
    await wait(REVEAL_MS + 100);
    await settle(2);
    expect(tokens(page)).toHaveLength(6);

    button(page, 'Step').click();
    await settle(2);
    expect(tokens(page)).toEqual([...FIRST, ...SECOND, ...THIRD]);
    expect(status(page)).toBe(
      'Verification 3 of 3: 0 of 2 drafted tokens accepted; ‘␣’ rejected and ‘It’ resampled.',
    );
    expect(button(page, 'Step').disabled).toBe(true);
    expect(button(page, 'Show all').disabled).toBe(true);

    const bonus = page.querySelector<HTMLButtonElement>('.stream button.bonus')!;
    expect(bonus.getAttribute('aria-label')).toBe('↵, bonus, verification 2');
    bonus.click();
    await settle(2);
    expect(bonus.getAttribute('aria-pressed')).toBe('true');
    expect(fate(page)).toMatch(/^All 2 drafted tokens were accepted, .*‘↵’ was sampled from the target's p/);
    expect(page.querySelector('.position-detail .residual')).toBeNull();
    expect(page.querySelectorAll('.position-detail tbody tr')).toHaveLength(3);

    // The arrow keys move the choice along the stream: from the bonus to the space the third step rejected.
    bonus.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await settle(2);
    expect(document.activeElement!.textContent).toBe('␣');
    expect(fate(page)).toMatch(/^The draft proposed ‘␣’ with q = 0.4;/);

    button(page, 'Replay').click();
    await settle(2);
    expect(tokens(page)).toEqual(FIRST);
    expect(button(page, 'Pause')).toBeDefined();
    button(page, 'Show all').click();
    await settle(2);
    expect(tokens(page)).toHaveLength(8);

    const readout = [...page.querySelectorAll('.readout .value')].map((v) => v.textContent);
    expect(readout).toEqual(['3', '6 tokens', '2 tokens', '68.3 %', '5 ms', '12 ms']);
  });

  it('shows every verification at once under reduced motion, and says at temperature 0 that nothing is left to chance', async () => {
    reducedMotion.on = true;
    const page = mountWidget('/lessons/speculative-sampling/', SpeculativeStream, props);
    await settle(20);
    expect(tokens(page)).toHaveLength(8);
    expect(button(page, 'Replay').disabled).toBe(false);
    expect(page.textContent).not.toContain('At temperature 0');

    const range = page.querySelector<HTMLInputElement>('#spec-temp-range')!;
    range.value = '0';
    range.dispatchEvent(new Event('input', { bubbles: true }));
    await wait(RERUN_DELAY_MS + 50);
    await settle(20);
    expect(requests.at(-1)).toMatchObject({ temperature: 0 });
    expect(location.search).toContain('spec.temp=0');
    expect(page.textContent).toContain('At temperature 0 both models decode greedily');
    reducedMotion.on = false;
  });
});
