// The widget mounted in jsdom over a scripted engine on the CPU fallback: Prune and measure scores the parts by the
// linked criterion, loads the unpruned target and then the slice the scores plan, each scored and timed, into the
// readout, the sentence and the table; a second run measures only the pruned model, the unpruned one kept.
import { describe, expect, it, vi } from 'vitest';
import type { PruneImportanceRequest, SessionRequest } from '@engine/index';
import { RERUN_DELAY_MS } from '../frame/auto-run.svelte';
import { scriptedEngine } from '../testing/cpu-engine';
import { mountWidget, settle } from '../testing/mount-widget';
import { targetModel } from '../testing/target-model';
import PruneLive from './PruneLive.svelte';

const c = targetModel.config;
const calls: { name: string; request: unknown; model?: SessionRequest }[] = [];
const engine = scriptedEngine;
engine.run = async (name: string, request: unknown, { model }: { model?: SessionRequest } = {}) => {
  calls.push({ name, request, ...(model && { model }) });
  const kept = model?.prune && 'kept' in model.prune ? model.prune.kept : undefined;
  const share = kept ? kept.layers.length / c.numLayers : 1;
  if (name === 'prune-importance')
    return {
      criterion: (request as PruneImportanceRequest).criterion,
      heads: Array.from({ length: c.numLayers }, () => Array(c.numHeads).fill(1)),
      neurons: Array.from({ length: c.numLayers }, () => Array(c.intermediateSize).fill(1)),
      channels: Array(c.hiddenSize).fill(1),
      layers: [6, 5, 4, 3, 2, 1],
      calibrationTokens: 0,
    };
  if (name === 'score-text')
    return {
      meanNll: Math.log(20 / share),
      perplexity: 20 / share,
      tokens: 255,
      windows: 1,
      scheme: { kind: 'f32' },
      weightBytes: 40e6 * share,
    };
  return [{ batch: 1, stepSeconds: 0.01 * share, tokensPerSecond: 100 / share, steps: 16 }];
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));
vi.mock('../state/heldout-text', () => ({ heldoutText: async () => 'Held-out text.' }));

describe('PruneLive on the CPU fallback', () => {
  it('slices what the linked settings plan, measures it beside the unpruned model, and keeps the unpruned one', async () => {
    const page = mountWidget(
      '/lessons/pruning-distillation/?prune.by=magnitude&prune.cut=layers',
      PruneLive,
      {
        model: targetModel,
      },
    );
    expect(page.querySelector('.status-line')!.textContent!.trim()).toBe(
      'On the CPU each model scores one window.',
    );
    [...page.querySelectorAll('button')].find((b) => b.textContent === 'Prune and measure')!.click();
    await settle(50);
    expect(calls.map((call) => call.name)).toEqual([
      'score-text',
      'decode-sweep',
      'prune-importance',
      'score-text',
      'decode-sweep',
    ]);
    expect(calls[2]!.request).toMatchObject({ criterion: 'magnitude', skipTokens: 8 * 256 });
    expect(calls[0]!.model!.prune).toBeUndefined();
    const pruned = calls[3]!.model!.prune;
    expect(pruned && 'kept' in pruned && pruned.kept.layers).toEqual([0, 1, 2]);
    expect(calls[4]!.model).toEqual(calls[3]!.model);
    // 3 layers of 1,573,632 and the embedding's 786,432 (+ 384 for the final norm) of the target's 10,228,608.
    expect([...page.querySelectorAll('.readout .value')].map((v) => v.textContent)).toEqual([
      '5.51 million (×0.54)',
      '20 MB (×0.5)',
      '40 (×2)',
      '200 (×2)',
    ]);
    expect(page.querySelector('p.summary')!.textContent).toBe(
      '50 % of layers cut by weight magnitude: 5.51 million of 10.2 million parameters, 20 MB read per decode step ' +
        '(×0.5), and decodes ×2 as many tokens per second on the CPU; perplexity on the same 255 held-out tokens ' +
        'went from 20 to 40 (×2).',
    );
    expect(page.querySelectorAll('tbody tr')).toHaveLength(2);

    const slider = page.querySelector<HTMLInputElement>('input[type="range"]')!;
    slider.value = '30';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, RERUN_DELAY_MS + 50));
    await settle(50);
    expect(location.search).toContain('prune.share=30');
    // The unpruned model is not measured again; the importance is asked again (the worker keeps it).
    expect(calls.slice(5).map((call) => call.name)).toEqual([
      'prune-importance',
      'score-text',
      'decode-sweep',
    ]);
    expect(page.querySelector('p.summary')!.textContent).toMatch(/^30 % of layers cut by weight magnitude/);
  });
});
