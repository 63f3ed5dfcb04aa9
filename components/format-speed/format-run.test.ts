import { describe, expect, it } from 'vitest';
import type { DecodeSweepRequest, DeviceRates, SessionRequest } from '@engine/index';
import type { Engine } from '../state/engine.svelte';
import { testRates } from '../testing/device-rates';
import { FormatRun } from './format-run.svelte';
import { FORMAT_CONTEXT, formatSizes, formatsFor } from './format-speed';

const config = formatSizes()[0]!.config;
const plan = (steps = 4) => ({ config, formats: formatsFor('xs').map((f) => f.id), steps });

/** An engine whose sweeps time a step at 1 ms per MB of weight bits (a fake, not a model), after `onSweep`. */
function fakeEngine(onSweep: (index: number, run: FormatRun) => 'fail' | void, rates?: DeviceRates) {
  let calls = 0;
  const models: SessionRequest[] = [];
  const sweeps: DecodeSweepRequest[] = [];
  const labels: (string | undefined)[] = [];
  const engine = {
    progress: undefined,
    async measureDevice() {
      return rates;
    },
    async run(
      _name: 'decode-sweep',
      sweep: DecodeSweepRequest,
      { model, signal }: { model: SessionRequest; signal: AbortSignal },
    ) {
      models.push(model);
      sweeps.push(sweep);
      labels.push(formatRun.turns.runningText);
      if (onSweep(calls++, formatRun) === 'fail') throw new Error('out of memory for the model weights');
      const stepSeconds = calls * 1e-3;
      return signal.aborted ? [] : [{ batch: 1, stepSeconds, tokensPerSecond: 1 / stepSeconds }];
    },
  };
  const formatRun = new FormatRun(engine as unknown as Engine);
  return { formatRun, models, sweeps, labels };
}

describe('FormatRun', () => {
  it('loads the model in each format, fewest bytes first, and times batch-1 steps after a short context', async () => {
    const { formatRun, models, sweeps, labels } = fakeEngine(() => {}, testRates());
    await formatRun.run.start(plan(8));
    expect(models.map((m) => (m.weights?.kind === 'int' ? `int${m.weights.bits}` : m.weights?.kind))).toEqual(
      ['int4', 'int4', 'int8', 'f16', 'f32'],
    );
    expect(models.every((m) => m.model.kind === 'synthetic' && m.model.config === config)).toBe(true);
    expect(sweeps[0]).toEqual({ batches: [1], context: FORMAT_CONTEXT, steps: 8 });
    expect(labels).toEqual([
      'int4 g128 (1 of 5): loading the model',
      'int4 g32 (2 of 5): loading the model',
      'int8 per channel (3 of 5): loading the model',
      'f16 (4 of 5): loading the model',
      'f32 (5 of 5): loading the model',
    ]);
    const result = formatRun.run.result!;
    expect(result.copyBandwidth).toBe(100e9);
    expect(result.points.map((p) => [p.id, p.stepSeconds])).toEqual([
      ['int4-g128', 1e-3],
      ['int4-g32', 2e-3],
      ['int8', 3e-3],
      ['f16', 4e-3],
      ['f32', 5e-3],
    ]);
    expect(result.points[0]!.predictedSeconds).toBeGreaterThan(0);
    expect(formatRun.turns.current).toBeUndefined();
  });

  it('keeps what was measured when cancelled, and loads no more formats', async () => {
    const { formatRun, models } = fakeEngine((i, r) => void (i === 1 && r.run.cancel()));
    await formatRun.run.start(plan());
    expect(models).toHaveLength(2);
    expect(formatRun.run.result?.points.map((p) => p.id)).toEqual(['int4-g128']);
    expect(formatRun.run.cancelled).toBe(true);
    expect(formatRun.cancelledText).toBe('Cancelled: 1 of 5 formats measured; their results are shown.');
    // The device could not be measured: no share of copy bandwidth, no prediction.
    expect(formatRun.run.result?.copyBandwidth).toBeUndefined();
    expect(formatRun.run.result?.points[0]!.predictedSeconds).toBeUndefined();
  });

  it('ends with the engine’s error when a format fails to load, the smaller formats still shown', async () => {
    const { formatRun } = fakeEngine((i) => (i === 4 ? 'fail' : undefined), testRates());
    await formatRun.run.start(plan());
    expect(formatRun.run.failure).toBe('out of memory for the model weights');
    expect(formatRun.run.result?.points.map((p) => p.id)).toEqual(['int4-g128', 'int4-g32', 'int8', 'f16']);
  });
});
