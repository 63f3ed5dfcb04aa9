import { describe, expect, it } from 'vitest';
import {
  syntheticSize,
  type ContextSweepRequest,
  type ProbeResult,
  type SessionRequest,
} from '@engine/index';
import type { Engine } from '../state/engine.svelte';
import { TEST_CPU, testAdapter } from '../testing/probes';
import { VariantRun } from './variant-run.svelte';

const config = syntheticSize('xs').config;
const variants = ['a', 'b', 'c'].map((id) => ({ id, label: id, config }));
const plan = (contexts: number[]) => ({ variants, contexts, steps: 4 });

/** An engine whose sweeps answer one point per context, after `onSweep` has had its say. */
function fakeEngine(onSweep: (index: number, sweep: VariantRun) => 'fail' | void, probe?: ProbeResult) {
  let calls = 0;
  let measured = 0;
  const requests: SessionRequest[] = [];
  const labels: (string | undefined)[] = [];
  const engine = {
    probe,
    progress: undefined,
    async measureDevice() {
      measured++;
      return undefined;
    },
    async run(
      _name: 'context-sweep',
      sweep: ContextSweepRequest,
      { model, signal }: { model: SessionRequest; signal: AbortSignal },
    ) {
      requests.push(model);
      labels.push(variantRun.turns.runningText);
      if (onSweep(calls++, variantRun) === 'fail') throw new Error('the device was lost');
      const points = sweep.contexts.map((context) => ({
        context,
        stepSeconds: 1,
        blocksInUse: 1,
        kvBytes: 1,
      }));
      return { points: signal.aborted ? points.slice(0, 1) : points, cancelled: signal.aborted };
    },
  };
  const variantRun = new VariantRun(engine as unknown as Engine, 4, () => ({
    sizeId: 'kv-l',
    context: 2048,
  }));
  return { variantRun, requests, labels, measured: () => measured };
}

describe('VariantRun', () => {
  it('sweeps every variant in turn, each on a session long enough for the last context', async () => {
    const { variantRun, requests, labels, measured } = fakeEngine(() => {});
    await variantRun.run.start(plan([32, 64]));
    expect(variantRun.run.result?.map((r) => [r.variant.id, r.points.map((p) => p.context)])).toEqual([
      ['a', [32, 64]],
      ['b', [32, 64]],
      ['c', [32, 64]],
    ]);
    expect(requests.map((r) => r.shape.maxTokens)).toEqual([64, 64, 64]);
    expect(labels).toEqual([
      'a (1 of 3): loading the model',
      'b (2 of 3): loading the model',
      'c (3 of 3): loading the model',
    ]);
    expect(measured()).toBe(1);
    expect(variantRun.run).toMatchObject({ cancelled: false, failure: undefined, running: false });
    expect(variantRun.turns.current).toBeUndefined();
  });

  it('keeps what was measured when cancelled, and skips the variants not yet run', async () => {
    const { variantRun, requests } = fakeEngine((i, r) => void (i === 1 && r.run.cancel()));
    await variantRun.run.start(plan([32, 64]));
    expect(requests).toHaveLength(2);
    expect(variantRun.run.result?.map((r) => [r.variant.id, r.points.length])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(variantRun.run).toMatchObject({ cancelled: true, failure: undefined, running: false });
    expect(variantRun.cancelledText).toBe('Cancelled: 2 of 3 variants measured; their results are shown.');
  });

  it('runs the size and context this device runs, saying why they differ from those asked for', () => {
    const { variantRun } = fakeEngine(() => {}, TEST_CPU);
    expect(variantRun.clamped).toEqual({ context: 512, note: 'On the CPU the context stops at 512 tokens.' });
    expect([variantRun.fit.running.id, variantRun.fit.note, variantRun.where]).toEqual([
      'kv-s',
      'The kv-l model cannot run here (too slow for the CPU fallback); using kv-s.',
      'the CPU',
    ]);
    const gpu = fakeEngine(() => {}, testAdapter(2 ** 30)).variantRun;
    expect([gpu.clamped.context, gpu.fit.running.id, gpu.where]).toEqual([2048, 'kv-l', 'this GPU']);
  });

  it('stops at a variant that fails, keeping the variants before it', async () => {
    const { variantRun, requests } = fakeEngine((i) => (i === 1 ? 'fail' : undefined));
    await variantRun.run.start(plan([32]));
    expect(requests).toHaveLength(2);
    expect(variantRun.run.result?.map((r) => r.variant.id)).toEqual(['a']);
    expect(variantRun.run).toMatchObject({ failure: 'the device was lost', cancelled: false });
    expect(variantRun.turns.current).toBeUndefined();
  });
});
