// The widget mounted in jsdom over a scripted engine on the CPU fallback: the clamped windows and the recorded curves
// before a run; then the teacher cut by its importance and each model matched and timed in turn, into the table (scratch
// recorded, its measured columns empty), the readout and the sentences. (Plot draws nothing here, since jsdom lays
// nothing out; the charts' own test renders them.)
import { describe, expect, it, vi } from 'vitest';
import type {
  PruneImportanceRequest,
  SessionRequest,
  TeacherMatch,
  TeacherMatchRequest,
} from '@engine/index';
import { scriptedEngine } from '../testing/cpu-engine';
import { mountWidget, settle } from '../testing/mount-widget';
import TeacherMatch_ from './TeacherMatch.svelte';
import type { Contender } from './teacher-match';
import { contenderOf, lineup, MEASURED, RATES, recorded } from './test-lineup';

const requests: { name: string; request: unknown; model?: SessionRequest }[] = [];
const engine = scriptedEngine;
const importance = {
  criterion: 'activation',
  heads: Array.from({ length: 6 }, () => [6, 5, 4, 3, 2, 1]),
  neurons: Array.from({ length: 6 }, () => Array.from({ length: 1024 }, (_, i) => -i)),
  channels: Array.from({ length: 384 }, (_, i) => -i),
  layers: [1, 1, 1, 1, 1, 1],
  calibrationTokens: 256,
};
let scored: Contender = 'teacher';
engine.run = async (
  name: string,
  request: PruneImportanceRequest | TeacherMatchRequest,
  { model, onProgress }: { model?: SessionRequest; onProgress?: (u: { partial?: TeacherMatch }) => void },
) => {
  requests.push({ name, request, ...(model && { model }) });
  if (name === 'prune-importance') return importance;
  if (name === 'decode-sweep')
    return [{ batch: 1, stepSeconds: 1 / RATES[scored], tokensPerSecond: RATES[scored] }];
  scored = contenderOf(request as TeacherMatchRequest);
  onProgress?.({ partial: MEASURED[scored] });
  return MEASURED[scored];
};
vi.mock('../state/engine.svelte', async () => ({
  useEngine: (await import('../testing/cpu-engine')).useScriptedEngine,
}));
vi.mock('../state/heldout-text', () => ({ heldoutText: async () => 'Held-out text.' }));

const cells = (page: HTMLElement, table: number) =>
  [...page.querySelectorAll('table')[table]!.querySelectorAll('tbody tr')].map((r) =>
    [...r.querySelectorAll('td')].map((td) => td.textContent),
  );

describe('TeacherMatch on the CPU fallback', () => {
  it('compares the four models with the teacher on one window, scratch as recorded', async () => {
    const page = mountWidget('/lessons/pruning-distillation/?tmatch.windows=4', TeacherMatch_, {
      ...lineup,
      recorded,
    });
    expect(page.querySelector('.status-line')!.textContent!.trim()).toBe(
      'On the CPU each model scores one window.',
    );
    expect(page.querySelector('p.summary')!.textContent).toContain(
      "Press Compare: the teacher's parts are scored on held-out text and cut to prose-pruned's widths",
    );

    [...page.querySelectorAll('button')].find((b) => b.textContent === 'Compare the models')!.click();
    await settle(50);
    expect(requests[0]).toEqual({
      name: 'prune-importance',
      request: {
        modelUrl: 'http://localhost:3000/models/prose-target',
        criterion: 'activation',
        calibrationText: 'Held-out text.',
        skipTokens: 8 * 256,
      },
    });
    const matches = requests
      .filter((r) => r.name === 'teacher-match')
      .map((r) => r.request as TeacherMatchRequest);
    expect(matches.map((m) => [m.student.url, m.windows, m.window])).toEqual([
      ['http://localhost:3000/models/prose-target', 1, 256],
      ['http://localhost:3000/models/prose-target', 1, 256],
      ['http://localhost:3000/models/prose-pruned', 1, 256],
      ['http://localhost:3000/models/prose-student', 1, 256],
    ]);
    // The cut keeps the first (highest-scoring) channels and a whole key/value group of heads.
    expect(matches[1]!.student.kept!.channels.slice(0, 3)).toEqual([0, 1, 2]);
    expect(matches[1]!.student.kept!.heads[0]).toEqual([0, 1, 2]);
    const sessions = requests.filter((r) => r.name === 'decode-sweep').map((r) => r.model!);
    expect(sessions.map((s) => s.prune !== undefined)).toEqual([false, true, false, false]);
    expect(sessions[2]!.model).toEqual({ kind: 'url', base: 'http://localhost:3000/models/prose-pruned' });

    const table = cells(page, 0);
    expect(table.map((r) => r[0])).toEqual([
      'prose-target (teacher)',
      'prose-target pruned, not healed',
      'prose-pruned (pruned, healed)',
      'prose-student (distilled from random init)',
      'scratch (same shape, not shipped)',
    ]);
    expect(table[2]!.slice(3)).toEqual(['27.12', '65.1', '0.293', '300', '3.003']);
    expect(table[4]!.slice(2, 7)).toEqual(Array(5).fill('not shipped'));
    expect([...page.querySelectorAll('.readout .value')].map((v) => v.textContent)).toEqual([
      '22.62',
      '3.57 → 0.293 nats/token',
      '65.1 % vs 64.7 %',
      '× 3',
    ]);
    const summaries = [...page.querySelectorAll('p.summary')].map((p) => p.textContent);
    expect(summaries[0]).toMatch(
      /^Measured on one window of 256 held-out tokens \(255 predictions per model\)/,
    );
    expect(summaries[1]).toContain('Decoding one sequence on the CPU, prose-pruned runs at 300 tokens/s');
    expect(summaries[2]).toMatch(/^Validation loss \(nats\/token\) against training tokens seen/);
    expect(cells(page, 1)).toHaveLength(56);
    expect(page.querySelector('.model-note')!.textContent).toContain(
      'by activation importance on 256 held-out tokens after the scored windows.',
    );
  });
});
