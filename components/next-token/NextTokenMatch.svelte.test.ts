// The widget mounted in jsdom over a scripted engine: it runs the teacher and the first student on the default prompt
// as soon as the device is known, redraws at a new temperature without running again, runs again for another
// student, and says so when a prompt is longer than the models' positions. The scripted logits are the teacher ½, ¼,
// ⅛, ⅛ and, for prose-pruned, the first two swapped, so KL = ¼ ln 2 = 0.173 nats at temperature 1.
// (Plot draws nothing here, since jsdom lays nothing out; the chart's own test renders it.)
import { describe, expect, it, vi } from 'vitest';
import type { NextTokenRequest, NextTokenResult } from '@engine/index';
import { RERUN_DELAY_MS } from '../frame/auto-run.svelte';
import { scriptedEngine } from '../testing/cpu-engine';
import { mountWidget, settle } from '../testing/mount-widget';
import { targetModel } from '../testing/target-model';
import NextTokenMatch from './NextTokenMatch.svelte';

const LOGITS: Record<string, number[]> = {
  'prose-target': [0.5, 0.25, 0.125, 0.125].map(Math.log),
  'prose-pruned': [0.25, 0.5, 0.125, 0.125].map(Math.log),
  'prose-draft': [0.125, 0.125, 0.25, 0.5].map(Math.log),
};
const requests: NextTokenRequest[] = [];
const engine = scriptedEngine;
engine.run = async (_name: string, request: NextTokenRequest): Promise<NextTokenResult> => {
  requests.push(request);
  const promptTokens = Math.ceil(request.prompt.length / 4);
  return {
    promptTokens,
    tokensRead: Math.min(promptTokens, 256),
    positions: 256,
    teacherLogits: LOGITS['prose-target']!,
    studentLogits: LOGITS[request.studentUrl.split('/').at(-1)!]!,
    tokenTexts: { 0: ' good', 1: '\n', 2: ' great', 3: ' s' },
  };
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));

const shipped = (id: string) => ({
  ...targetModel,
  id,
  path: `/models/${id}`,
  cardPage: `/model-cards/${id}/`,
});
const props = { teacher: targetModel, students: [shipped('prose-pruned'), shipped('prose-draft')] };
const readout = (page: HTMLElement) =>
  [...page.querySelectorAll('.readout div')].map((d) => [
    d.querySelector('dt')!.textContent,
    d.querySelector('.value')!.textContent,
  ]);
const pause = () => new Promise((resolve) => setTimeout(resolve, RERUN_DELAY_MS + 50));

describe('NextTokenMatch', () => {
  it('runs both models on the prompt, redraws at a new temperature, and runs again for another student', async () => {
    const page = mountWidget('/lessons/pruning-distillation/', NextTokenMatch, props);
    await settle(20);
    expect(requests).toEqual([
      {
        teacherUrl: 'http://localhost:3000/models/prose-target',
        studentUrl: 'http://localhost:3000/models/prose-pruned',
        prompt:
          'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a',
      },
    ]);
    expect(readout(page).slice(0, 4)).toEqual([
      ['KL(teacher ‖ student)', '0.173 nats'],
      ["Teacher's entropy", '1.21 nats'],
      ["Student's entropy", '1.21 nats'],
      ['Same most likely token', 'no'],
    ]);
    expect(page.querySelector('p.sentence')!.textContent).toMatch(
      /^KL\(prose-target ‖ prose-pruned\) is 0.173 nats at temperature 1: /,
    );
    expect(page.querySelectorAll('tbody tr')).toHaveLength(4);

    const range = page.querySelector<HTMLInputElement>('#ntok-temp-range')!;
    range.value = '2';
    range.dispatchEvent(new Event('input', { bubbles: true }));
    await pause();
    await settle(20);
    expect(requests).toHaveLength(1);
    expect(location.search).toContain('ntok.temp=2');
    // At T = 2 both go as √p: KL 0.0375 nats, each entropy 1.34 nats.
    expect(readout(page).slice(0, 2)).toEqual([
      ['KL(teacher ‖ student)', '0.0375 nats'],
      ["Teacher's entropy", '1.34 nats'],
    ]);
    expect(page.querySelector('p.sentence')!.textContent).toContain('at temperature 2:');

    const select = page.querySelector<HTMLSelectElement>('select')!;
    select.value = 'prose-draft';
    select.dispatchEvent(new Event('change'));
    await pause();
    await settle(20);
    expect(requests.at(-1)!.studentUrl).toBe('http://localhost:3000/models/prose-draft');
    expect(location.search).toContain('ntok.student=prose-draft');
    expect(page.querySelector('p.sentence')!.textContent).toMatch(/^KL\(prose-target ‖ prose-draft\)/);
  });

  it('says when the models read only the end of a long prompt', async () => {
    const page = mountWidget(
      `/lessons/pruning-distillation/?ntok.prompt=${'a'.repeat(1200)}`,
      NextTokenMatch,
      props,
    );
    await settle(20);
    // The frame's first run starts before the address's prompt is read, so the prompt from the link runs next.
    await pause();
    await settle(20);
    expect(requests.at(-1)!.prompt).toHaveLength(1200);
    expect(page.querySelector('p.sentence')!.textContent).toBe(
      'The prompt is 300 tokens and the models have 256 positions, so both read its last 256 tokens.',
    );
    expect(readout(page).at(-1)).toEqual(['Prompt tokens read', 'last 256 of 300']);
  });
});
