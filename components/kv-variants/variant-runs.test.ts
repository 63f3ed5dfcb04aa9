import { describe, expect, it } from 'vitest';
import { syntheticSize, type ContextSweepRequest, type SessionRequest } from '@engine/index';
import type { Engine } from '../state/engine.svelte';
import { VariantRuns } from './variant-runs.svelte';

const config = syntheticSize('xs').config;
const variants = ['a', 'b', 'c'].map((id) => ({ id, label: id, config }));

/** An engine whose sweeps answer one point per context, after `onSweep` has had its say. */
function fakeEngine(onSweep: (index: number, runs: VariantRuns) => 'fail' | void, runs: VariantRuns) {
  let calls = 0;
  const requests: SessionRequest[] = [];
  const engine = {
    async contextSweep(request: SessionRequest, sweep: ContextSweepRequest, signal?: AbortSignal) {
      requests.push(request);
      if (onSweep(calls++, runs) === 'fail') return undefined;
      const points = sweep.contexts.map((context) => ({
        context,
        stepSeconds: 1,
        blocksInUse: 1,
        kvBytes: 1,
      }));
      return { points: signal?.aborted ? points.slice(0, 1) : points, cancelled: signal?.aborted ?? false };
    },
  };
  return { engine: engine as unknown as Engine, requests };
}

describe('VariantRuns', () => {
  it('sweeps every variant in turn, each on a session long enough for the last context', async () => {
    const runs = new VariantRuns();
    const { engine, requests } = fakeEngine(() => {}, runs);
    await runs.run(engine, variants, [32, 64], 4);
    expect(runs.results.map((r) => [r.variant.id, r.points.map((p) => p.context)])).toEqual([
      ['a', [32, 64]],
      ['b', [32, 64]],
      ['c', [32, 64]],
    ]);
    expect(requests.map((r) => r.shape.maxTokens)).toEqual([64, 64, 64]);
    expect(runs).toMatchObject({ done: 3, cancelled: false, failed: false, current: undefined });
  });

  it('keeps what was measured when cancelled, and skips the variants not yet run', async () => {
    const runs = new VariantRuns();
    const { engine, requests } = fakeEngine((i, r) => void (i === 1 && r.cancel()), runs);
    await runs.run(engine, variants, [32, 64], 4);
    expect(requests).toHaveLength(2);
    expect(runs.results.map((r) => [r.variant.id, r.points.length])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(runs).toMatchObject({ cancelled: true, failed: false, running: false });
  });

  it('stops at a variant that fails', async () => {
    const runs = new VariantRuns();
    const { engine } = fakeEngine((i) => (i === 1 ? 'fail' : undefined), runs);
    await runs.run(engine, variants, [32], 4);
    expect(runs.results.map((r) => r.variant.id)).toEqual(['a']);
    expect(runs).toMatchObject({ failed: true, cancelled: false, done: 1 });
  });
});
