// One widget's run: results kept until a newer run brings one, a superseded run ignored, Cancel and failure told apart.
import { describe, expect, it } from 'vitest';
import { EngineRun } from './engine-run.svelte';

/** A job that waits until the test settles it, streaming partials on request. */
function controlledJob() {
  const calls: {
    request: number;
    signal: AbortSignal;
    partial: (r: string) => void;
    settle: (r: string) => void;
    fail: (e: Error) => void;
  }[] = [];
  const job = (request: number, signal: AbortSignal, partial: (r: string) => void) =>
    new Promise<string>((settle, fail) => calls.push({ request, signal, partial, settle, fail }));
  return { job, calls };
}

/** Long enough for partial results waiting for the next frame to be shown. */
const aFrame = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('EngineRun', () => {
  it('shows the latest partial result once a frame as they stream, then the result, with the request that made it', async () => {
    const { job, calls } = controlledJob();
    const run = new EngineRun(job);
    const done = run.start(1);
    expect([run.running, run.started, run.result]).toEqual([true, true, undefined]);
    calls[0]!.partial('quarter');
    calls[0]!.partial('half');
    expect(run.result).toBe(undefined);
    await aFrame();
    expect([run.result, run.resultRequest]).toEqual(['half', 1]);
    calls[0]!.settle('all');
    await done;
    expect([run.running, run.result, run.cancelled, run.failure]).toEqual([false, 'all', false, undefined]);
    expect([run.isStale(1), run.isStale(2)]).toEqual([false, true]);
  });

  it('says a result is streaming only while partials of the run in flight are shown', async () => {
    const { job, calls } = controlledJob();
    const run = new EngineRun(job);
    const first = run.start(1);
    expect(run.streaming).toBe(false);
    calls[0]!.partial('a');
    await aFrame();
    expect(run.streaming).toBe(true);
    calls[0]!.settle('ab');
    await first;
    expect(run.streaming).toBe(false);
    const second = run.start(1);
    // The first run's result is on screen until the second streams its own.
    expect([run.result, run.streaming]).toEqual(['ab', false]);
    calls[1]!.partial('x');
    await aFrame();
    expect([run.result, run.streaming]).toEqual(['x', true]);
    calls[1]!.partial('xy, waiting for a frame');
    calls[1]!.settle('xy');
    await second;
    await aFrame();
    expect([run.result, run.streaming]).toEqual(['xy', false]);
  });

  it('keeps the old result while a new run starts, and ignores the run it superseded', async () => {
    const { job, calls } = controlledJob();
    const run = new EngineRun(job);
    const first = run.start(1);
    calls[0]!.settle('one');
    await first;
    const second = run.start(2);
    const third = run.start(3);
    expect(calls[1]!.signal.aborted).toBe(true);
    expect([run.result, run.running]).toEqual(['one', true]);
    calls[1]!.settle('two, too late');
    await second;
    expect([run.result, run.running]).toEqual(['one', true]);
    calls[2]!.settle('three');
    await third;
    expect([run.result, run.resultRequest, run.running, run.cancelled]).toEqual(['three', 3, false, false]);
  });

  it('says a run was cancelled, keeping what it returned, and tells a failure apart', async () => {
    const { job, calls } = controlledJob();
    const run = new EngineRun(job);
    const cancelled = run.start(1);
    run.cancel();
    expect(calls[0]!.signal.aborted).toBe(true);
    calls[0]!.settle('what was measured');
    await cancelled;
    expect([run.result, run.cancelled, run.failure]).toEqual(['what was measured', true, undefined]);
    const failed = run.start(2);
    calls[1]!.fail(new Error('the model is too large'));
    await failed;
    expect([run.result, run.cancelled, run.failure, run.running]).toEqual([
      'what was measured',
      false,
      'the model is too large',
      false,
    ]);
  });
});
