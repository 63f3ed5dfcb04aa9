// The widget mounted in jsdom over a scripted engine: it scores the parts by itself once the device is known, asks for
// held-out calibration text after the windows the other widgets score, and runs again when the criterion changes.
import { describe, expect, it, vi } from 'vitest';
import type { PruneImportanceRequest } from '@engine/index';
import { RERUN_DELAY_MS } from '../frame/auto-run.svelte';
import { scriptedEngine } from '../testing/cpu-engine';
import { mountWidget, settle } from '../testing/mount-widget';
import { targetModel } from '../testing/target-model';
import ImportanceMap from './ImportanceMap.svelte';

const requests: PruneImportanceRequest[] = [];
const engine = scriptedEngine;
engine.run = async (_name: string, request: PruneImportanceRequest) => {
  requests.push(request);
  const scale = request.criterion === 'activation' ? 1 : 10;
  return {
    criterion: request.criterion,
    heads: [
      [1 * scale, 3 * scale],
      [2 * scale, 4 * scale],
    ],
    neurons: [
      [4, 1, 1, 1],
      [1, 1, 1, 1],
    ],
    channels: [1, 1],
    layers: [0.25, 0.5],
    calibrationTokens: request.criterion === 'activation' ? 256 : 0,
  };
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));
vi.mock('../state/heldout-text', () => ({ heldoutText: async () => 'Held-out text.' }));

const model = targetModel;

describe('ImportanceMap', () => {
  it('scores by activations on held-out text at once, then again by the criterion the reader picks', async () => {
    const page = mountWidget('/lessons/pruning-distillation/', ImportanceMap, { model });
    await settle(20);
    expect(requests[0]).toEqual({
      modelUrl: 'http://localhost:3000/models/prose-target',
      criterion: 'activation',
      calibrationText: 'Held-out text.',
      skipTokens: 8 * 256,
    });
    const summaries = [...page.querySelectorAll('p.summary')].map((p) => p.textContent);
    expect(summaries[0]).toMatch(
      /^Importance of each of the 2 query heads in each of the 2 layers, by mean L2 norm/,
    );
    expect(summaries[0]).toContain("the highest is layer 1's head 1 (4)");
    expect(summaries[1]).toContain('layer 1 scores highest (0.5)');

    const select = page.querySelector<HTMLSelectElement>('select')!;
    select.value = 'magnitude';
    select.dispatchEvent(new Event('change'));
    // A moved control re-runs after the frame's pause.
    await new Promise((resolve) => setTimeout(resolve, RERUN_DELAY_MS + 50));
    await settle(20);
    expect(requests.at(-1)!.criterion).toBe('magnitude');
    expect(location.search).toContain('imap.by=magnitude');
    expect(page.querySelector('p.summary')!.textContent).toContain("the highest is layer 1's head 1 (40)");
  });
});
