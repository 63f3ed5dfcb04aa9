// The widget mounted in jsdom over a scripted engine that returns hand-made logits over twelve tokens: it runs the
// target and the draft once on the default prompt, then grows both samplers' counts a batch per animation frame up
// to the samples asked for, with each sampler's χ² test in its table; a new temperature restarts the counts without
// running the models again; under reduced motion a wrong rule's samples appear all at once, and are rejected.
// (Plot draws nothing here, since jsdom lays nothing out; the chart's own test renders it.)
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { softmaxAt, type NextTokenRequest, type NextTokenResult } from '@engine/index';
import { RERUN_DELAY_MS } from '../frame/auto-run.svelte';
import { DEFAULT_PROMPT } from '../speculative-stream/speculative-session';
import { scriptedEngine } from '../testing/cpu-engine';
import { reducedMotion } from '../testing/reduced-motion';
import { mountWidget, settle } from '../testing/mount-widget';
import { targetModel } from '../testing/target-model';
import { fitsOf, tallyAfter, type Sampling } from './exactness-tally';
import { statisticsRows } from './fit-words';
import SpeculativeExactness from './SpeculativeExactness.svelte';

afterEach(() => {
  reducedMotion.on = false;
  requests.length = 0;
});

const P = [0.3, 0.2, 0.15, 0.1, 0.08, 0.05, 0.04, 0.03, 0.02, 0.015, 0.01, 0.005];
const Q = [0.05, 0.3, 0.05, 0.2, 0.02, 0.15, 0.01, 0.1, 0.04, 0.03, 0.02, 0.03];
const texts = [
  ' the',
  '\n',
  ' a',
  ' her',
  ' his',
  ' good',
  ' wife',
  ' man',
  ' fortune',
  ' house',
  ' son',
  ' s',
];
const requests: NextTokenRequest[] = [];
const engine = scriptedEngine;
engine.run = async (_name: string, request: NextTokenRequest): Promise<NextTokenResult> => {
  requests.push(request);
  return {
    promptTokens: 24,
    tokensRead: 24,
    positions: 256,
    teacherLogits: P.map(Math.log),
    studentLogits: Q.map(Math.log),
    tokenTexts: Object.fromEntries(texts.map((text, id) => [id, text])),
  };
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));

const draftModel = {
  ...targetModel,
  id: 'prose-draft',
  path: '/models/prose-draft',
  cardPage: '/model-cards/prose-draft/',
};
const props = { target: targetModel, draft: draftModel };

/** The statistics table's rows, as the page shows them. */
const statistics = (page: HTMLElement) =>
  [...(page.querySelectorAll('table')[0]?.querySelectorAll('tbody tr') ?? [])].map((row) =>
    [...row.querySelectorAll('td')].map((cell) => cell.textContent),
  );
/** The samples counted so far as the statistics table shows them, or the sentence shown before there are any. */
const samplesShown = (page: HTMLElement) =>
  statistics(page)[0]?.[1] ?? page.querySelector('.results p.summary')?.textContent ?? '';
/** Each new value `read` gives, turn by turn, until `enough` of them are seen. */
async function watch(read: () => string, enough: (seen: string[]) => boolean): Promise<string[]> {
  const seen: string[] = [];
  for (let turn = 0; turn < 5000; turn++) {
    if (read() !== seen.at(-1)) seen.push(read());
    if (enough(seen)) break;
    await settle(1);
  }
  return seen;
}
const reaches = (value: string) => (seen: string[]) => seen.at(-1) === value;
/** The rows the table should show for this sampling after `batches` batches. */
const expected = (s: Sampling, batches: number, rule: Sampling['rule']) =>
  statisticsRows(fitsOf(tallyAfter(s, batches), s.p), batches * 200, {
    target: 'prose-target',
    draft: 'prose-draft',
    rule,
  });
const at = (temperature: number, rule: Sampling['rule'], seed: number): Sampling => ({
  p: softmaxAt(P.map(Math.log), temperature),
  q: softmaxAt(Q.map(Math.log), temperature),
  rule,
  seed,
});

describe('SpeculativeExactness', () => {
  it('runs both models once, grows both samplers batch by batch, and restarts at a new temperature', async () => {
    const page = mountWidget(
      '/lessons/speculative-sampling/?exact.samples=1000',
      SpeculativeExactness,
      props,
    );
    const grown = (await watch(() => samplesShown(page), reaches('1,000 tokens'))).filter((shown) =>
      shown.endsWith('tokens'),
    );
    // A batch of 200 per frame: the first drawn alone, the counts only growing, up to the samples asked for.
    expect(grown[0]).toBe('200 tokens');
    expect(grown.at(-1)).toBe('1,000 tokens');
    const counts = grown.map((shown) => Number(shown.replace(/\D/g, '')));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(requests).toEqual([
      {
        teacherUrl: 'http://localhost:3000/models/prose-target',
        studentUrl: 'http://localhost:3000/models/prose-draft',
        prompt: DEFAULT_PROMPT,
      },
    ]);
    const rows = statistics(page);
    expect(rows).toEqual(expected(at(1, 'speculative', 1), 5, 'speculative'));
    expect(rows.map((row) => [row[0], row[3], row[5]])).toEqual([
      ['speculative sampling', '11', 'no evidence against p'],
      ['prose-target alone', '11', 'no evidence against p'],
    ]);
    // The chart's table: the ten most likely tokens, then the other two together.
    const tokens = [...page.querySelectorAll('table')[1]!.querySelectorAll('tbody tr')];
    expect(tokens).toHaveLength(11);
    expect([...tokens[0]!.querySelectorAll('td')].slice(0, 4).map((cell) => cell.textContent)).toEqual([
      '␣the',
      '0',
      '30 %',
      '5 %',
    ]);
    expect(tokens.at(-1)!.querySelector('td')!.textContent).toBe('all others');

    const range = page.querySelector<HTMLInputElement>('#exact-temp-range')!;
    range.value = '2';
    range.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    // The old counts stay until the first batch at the new temperature replaces them, then grow again.
    expect(statistics(page)).toEqual(rows);
    const regrown = await watch(
      () => samplesShown(page),
      (seen) => seen.length > 1 && reaches('1,000 tokens')(seen),
    );
    expect(regrown.slice(0, 2)).toEqual(['1,000 tokens', '200 tokens']);
    expect(statistics(page)).toEqual(expected(at(2, 'speculative', 1), 5, 'speculative'));
    expect(location.search).toContain('exact.temp=2');
    await new Promise((resolve) => setTimeout(resolve, RERUN_DELAY_MS + 50));
    expect(requests).toHaveLength(1);
  });

  it('draws all the samples at once under reduced motion, and rejects a wrong rule', async () => {
    reducedMotion.on = true;
    const page = mountWidget(
      '/lessons/speculative-sampling/?exact.rule=keep-draft&exact.samples=2000&exact.seed=5',
      SpeculativeExactness,
      props,
    );
    const grown = await watch(() => samplesShown(page), reaches('2,000 tokens'));
    expect(grown.slice(-2)).toEqual(['Drawing 2,000 samples from each sampler…', '2,000 tokens']);
    const rows = statistics(page);
    expect(rows).toEqual(expected(at(1, 'keep-draft', 5), 10, 'keep-draft'));
    expect(rows.map((row) => [row[0], row[5]])).toEqual([
      ['speculative, keeping every draft (wrong)', "rejected: not the target's distribution"],
      ['prose-target alone', 'no evidence against p'],
    ]);

    // Another rule: the wrong rule's counts stay, dimmed, until the new ones are all drawn, then appear at once.
    const select = page.querySelector<HTMLSelectElement>('#exact-rule-select')!;
    select.value = 'speculative';
    select.dispatchEvent(new Event('change'));
    flushSync();
    expect(page.querySelector('.samples')!.classList.contains('drawing')).toBe(true);
    expect(statistics(page)).toEqual(rows);
    const names = await watch(() => statistics(page)[0]![0]!, reaches('speculative sampling'));
    expect(names).toEqual(['speculative, keeping every draft (wrong)', 'speculative sampling']);
    expect(statistics(page)).toEqual(expected(at(1, 'speculative', 5), 10, 'speculative'));
    expect(page.querySelector('.samples')!.classList.contains('drawing')).toBe(false);
    expect(requests).toHaveLength(1);
  });
});
