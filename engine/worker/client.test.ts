// The page's client and the engine worker's handler, joined by an in-process message channel: the whole protocol
// path of loading a model and running jobs on the CPU backend, as a page would drive it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measuredOps } from '../measure/measured-ops';
import { stepOpCounts } from '../measure/op-costs';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { EngineClient } from './client';
import type { GeneratedStep } from '../jobs/generate';
import type { FromWorker, ToWorker } from './protocol';

type Listener<T> = ((event: MessageEvent<T>) => void) | null;

/**
 * A worker's two ends in one thread, joined by a MessageChannel as postMessage joins a page and its worker: messages
 * are cloned and queue as the engine's own between-step yields (also port messages) do.
 */
function loopback() {
  const { port1, port2 } = new MessageChannel();
  const page = {
    onmessage: null as Listener<FromWorker>,
    postMessage: (message: ToWorker) => port1.postMessage(message),
    terminate: () => {},
  };
  const worker = {
    onmessage: null as Listener<ToWorker>,
    postMessage: (message: FromWorker) => port2.postMessage(message),
  };
  port1.onmessage = (event: MessageEvent<FromWorker>) => page.onmessage?.(event);
  port2.onmessage = (event: MessageEvent<ToWorker>) => worker.onmessage?.(event);
  return { page, worker, close: () => port1.close() };
}

const shape = { numBlocks: 32, blockSize: 4, maxTokens: 32, maxLogitRows: 1 };
let client: EngineClient;
let closeChannel: () => void;

beforeAll(async () => {
  const { page, worker, close } = loopback();
  closeChannel = close;
  (globalThis as { self?: unknown }).self = worker;
  await import('./engine-worker');
  client = new EngineClient(page as unknown as Worker);
});

afterAll(() => closeChannel());

describe('the engine worker, through its client', () => {
  it('says no model is loaded before one is', async () => {
    await expect(client.run('time-prefill-ops', { tokens: 8 })).rejects.toThrow('No model is loaded');
  });

  it('names a job it does not have', async () => {
    await expect(client.run('no-such-job' as 'generate', {} as never)).rejects.toThrow(
      'The engine has no job called "no-such-job".',
    );
  });

  it('times each op of a prefill and a decode step on the loaded model, each op joined to its counted cost', async () => {
    const stages: string[] = [];
    const info = await client.load(
      { model: { kind: 'synthetic', config: TEST_CONFIG, seed: 1 }, shape, backend: 'cpu' },
      ({ stage }) => stages.push(stage),
    );
    expect(info.backend).toBe('cpu');
    expect(stages).toContain('ready');

    const prefill = await client.run('time-prefill-ops', { tokens: 12 });
    expect(prefill.tokens).toBe(12);
    const prefillOps = measuredOps(
      stepOpCounts(TEST_CONFIG, [{ cached: 0, newTokens: 12 }], 1),
      prefill.times,
    );
    expect(prefillOps.find((op) => op.name === 'layer 1 down projection')?.flops).toBe(
      2 * 12 * TEST_CONFIG.intermediateSize * TEST_CONFIG.hiddenSize,
    );

    const decode = await client.run('time-decode-ops', { context: 12 });
    expect(decode.cached).toBe(12);
    const decodeOps = measuredOps(stepOpCounts(TEST_CONFIG, [{ cached: 12, newTokens: 1 }], 1), decode.times);
    // Attention reads the keys and values of the 12 cached tokens and the new one, in every layer.
    const attention = decodeOps.find((op) => op.name === 'layer 0 attention')!;
    expect(attention.kvBytes).toBe(2 * 13 * TEST_CONFIG.numKvHeads * TEST_CONFIG.headDim * 4);
  });

  it('reports a prompt the KV cache cannot hold as an error, and keeps serving', async () => {
    const tooLong = shape.numBlocks * shape.blockSize + 1;
    await expect(client.run('time-prefill-ops', { tokens: tooLong })).rejects.toThrow(
      `this batch needs ${shape.numBlocks + 1} free KV blocks; ${shape.numBlocks} are free`,
    );
    const { times } = await client.run('time-prefill-ops', { tokens: 4 });
    // The CPU backend times every counted op of the step on its own, in the order they run.
    expect(times.map((t) => t.name)).toEqual(
      stepOpCounts(TEST_CONFIG, [{ cached: 0, newTokens: 4 }], 1).map((op) => op.name),
    );
  });

  it('sweeps decode over context behind a sliding window, and stops when its signal aborts', async () => {
    const config = { ...TEST_CONFIG, slidingWindow: 8 };
    await client.load({ model: { kind: 'synthetic', config, seed: 1 }, shape, backend: 'cpu' });
    const request = { contexts: [8, 16, 24], steps: 2, chunk: 8 };
    const full = await client.run('context-sweep', request);
    // Blocks of 4; at 10, 18 and 26 tokens the window reaches back to positions 3, 11 and 19, so the blocks
    // wholly before them (none, 2 and 4) are freed, and 3 of the 3, 5 and 7 written stay held.
    expect(full.points.map((p) => p.blocksInUse)).toEqual([3, 3, 3]);
    expect(full.cancelled).toBe(false);

    const controller = new AbortController();
    const cut = await client.run('context-sweep', request, {
      onProgress: ({ fraction }) => fraction > 0.5 && controller.abort(),
      signal: controller.signal,
    });
    expect(cut.cancelled).toBe(true);
    expect(cut.points.length).toBeLessThan(3);

    // Cancelled before it was sent (the page aborts while the model loads): nothing is measured.
    expect(await client.run('context-sweep', request, { signal: AbortSignal.abort() })).toEqual({
      points: [],
      cancelled: true,
    });
  });

  it('streams generated tokens as partial results, and stops when cancelled', async () => {
    await client.load({ model: { kind: 'synthetic', config: TEST_CONFIG, seed: 1 }, shape, backend: 'cpu' });
    const request = { prompt: 'abc', maxTokens: 5, seed: 3, temperature: 0 };
    const steps: GeneratedStep[] = [];
    const done = await client.run('generate', request, {
      onProgress: ({ partial }) => partial && steps.push(partial),
    });
    expect(done).toEqual({ cancelled: false });
    expect(steps.map((s) => [s.phase, s.tokens, s.tokensIn, s.cache.tokens])).toEqual([
      ['prefill', 1, 3, 3],
      ['decode', 2, 1, 4],
      ['decode', 3, 1, 5],
      ['decode', 4, 1, 6],
      ['decode', 5, 1, 7],
    ]);

    const controller = new AbortController();
    const cut: GeneratedStep[] = [];
    const cancelled = await client.run('generate', request, {
      onProgress: ({ partial }) => {
        if (partial) cut.push(partial);
        if (cut.length === 2) controller.abort();
      },
      signal: controller.signal,
    });
    expect(cancelled).toEqual({ cancelled: true });
    // The cancel reaches the worker a step or so after it was asked for; what came is the uncancelled run's start.
    expect(cut.length).toBeGreaterThanOrEqual(2);
    expect(cut.length).toBeLessThan(steps.length);
    expect(cut.map((s) => s.text)).toEqual(steps.slice(0, cut.length).map((s) => s.text));
  });

  it('fails every request in flight when a running worker dies, ends it, says so once, and sends it nothing more', async () => {
    const dead = {
      onmessage: null as ((event: MessageEvent) => void) | null,
      onerror: null as ((event: ErrorEvent) => void) | null,
      postMessage: () => {},
      terminate: () => (terminated += 1),
    };
    let terminated = 0;
    const orphaned = new EngineClient(dead as unknown as Worker);
    const stopped: string[] = [];
    orphaned.onStopped = (message) => stopped.push(message);
    const running = orphaned.run('probe-device', undefined);
    const error = (message: string) => dead.onerror?.({ message, preventDefault: () => {} } as ErrorEvent);
    dead.onmessage?.({ data: { type: 'progress', id: 1, stage: 'probing', fraction: 0 } } as MessageEvent);
    error('Uncaught Error: boom');
    error('Uncaught Error: a second error, already queued');
    const said = "The engine's worker stopped (Uncaught Error: boom); the next run starts a new one";
    await expect(running).rejects.toThrow(`${said}.`);
    expect([terminated, stopped]).toEqual([1, [said]]);
    await expect(orphaned.test('count-buffers')).rejects.toThrow(`${said}.`);
  });

  it('says a worker that never answered could not start', async () => {
    const broken = {
      onmessage: null,
      onerror: null as ((event: ErrorEvent) => void) | null,
      postMessage: () => {},
      terminate: () => {},
    };
    const client = new EngineClient(broken as unknown as Worker);
    const probing = client.run('probe-device', undefined);
    broken.onerror?.({ message: '', preventDefault: () => {} } as ErrorEvent);
    await expect(probing).rejects.toThrow("The engine's worker could not start (no reason given).");
  });
});
