// The page's engine state over a scripted client: what the widgets read (status, busy, progress, error) while a
// model loads, a job runs or fails, and the device is lost; and which loads it skips.
import { describe, expect, it } from 'vitest';
import type { EngineClient, SessionRequest } from '@engine/index';
import { Engine, sessionKey } from './engine.svelte';

/** A client whose every load and run waits until the test settles it. */
function scriptedClient() {
  const pending: { kind: string; settle: (value: unknown) => void; fail: (error: Error) => void }[] = [];
  const wait = (kind: string) =>
    new Promise((resolve, reject) => pending.push({ kind, settle: resolve, fail: reject }));
  const client = {
    onDeviceLost: (_message: string) => {},
    onStopped: (_message: string) => {},
    load: (_request: SessionRequest, onProgress: (u: { stage: string; fraction: number }) => void) => {
      onProgress({ stage: 'reading weights', fraction: 0.5 });
      return wait('load');
    },
    run: (name: string) => wait(name),
  };
  return { client: client as unknown as EngineClient, pending };
}

const model = (seed: number): SessionRequest => ({
  model: { kind: 'url', base: `https://example.test/${seed}/` },
  shape: { numBlocks: 4, blockSize: 4, maxTokens: 4, maxLogitRows: 1 },
  backend: 'cpu',
});
const info = { backend: 'cpu', parameters: 1, weightBytes: 4 };
const flush = () => new Promise((resolve) => setTimeout(resolve));

describe('the page engine', () => {
  it('is busy while it loads and runs, shows the load progress, and is idle after', async () => {
    const { client, pending } = scriptedClient();
    const engine = new Engine(() => client);
    const done = engine.run('time-prefill-ops', { tokens: 4 }, { model: model(1) });
    await flush();
    expect([engine.status, engine.busy, engine.progress]).toEqual([
      'loading',
      true,
      { stage: 'reading weights', fraction: 0.5 },
    ]);
    pending.shift()!.settle(info);
    await flush();
    expect([engine.status, engine.busy, pending.map((p) => p.kind)]).toEqual([
      'running',
      true,
      ['time-prefill-ops'],
    ]);
    pending.shift()!.settle({ times: [], tokens: 4 });
    expect(await done).toEqual({ times: [], tokens: 4 });
    expect([engine.status, engine.busy, engine.progress, engine.info]).toEqual([
      'ready',
      false,
      undefined,
      info,
    ]);
  });

  it('loads a model once for jobs on it, and again for another model', async () => {
    const { client, pending } = scriptedClient();
    const engine = new Engine(() => client);
    const answer = async () => {
      await flush();
      const next = pending.shift()!;
      next.settle(next.kind === 'load' ? info : 'ok');
    };
    const generate = (seed: number) =>
      engine.run('generate', { prompt: 'a', maxTokens: 1, seed: 1, temperature: 0 }, { model: model(seed) });
    const first = generate(1);
    await answer(); // the load
    await answer(); // the job
    await first;
    const second = generate(1);
    await flush();
    expect(pending.map((p) => p.kind)).toEqual(['generate']);
    await answer();
    await second;
    const third = generate(2);
    await flush();
    expect(pending.map((p) => p.kind)).toEqual(['load']);
    await answer();
    await answer();
    await third;
  });

  it('runs jobs one at a time, in the order asked', async () => {
    const { client, pending } = scriptedClient();
    const engine = new Engine(() => client);
    const order: string[] = [];
    const a = engine.run('measure-device', undefined).then(() => order.push('a'));
    const b = engine.run('probe-device', undefined).then(() => order.push('b'));
    await flush();
    expect(pending.map((p) => p.kind)).toEqual(['measure-device']);
    pending.shift()!.settle('a');
    await flush();
    expect(pending.map((p) => p.kind)).toEqual(['probe-device']);
    pending.shift()!.settle('b');
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
  });

  it('keeps a failure in words, rejects the run, and serves the next one', async () => {
    const { client, pending } = scriptedClient();
    const engine = new Engine(() => client);
    const failed = engine.run('probe-device', undefined);
    await flush();
    pending.shift()!.fail(new Error('out of memory'));
    await expect(failed).rejects.toThrow('out of memory');
    expect([engine.status, engine.error, engine.busy]).toEqual(['failed', 'out of memory', false]);
    const next = engine.run('probe-device', undefined);
    await flush();
    pending.shift()!.settle({ backend: 'cpu' });
    expect(await next).toEqual({ backend: 'cpu' });
    expect(engine.status).toBe('ready');
  });

  it('says when the device is lost, and loads the model afresh for the next job', async () => {
    const { client, pending } = scriptedClient();
    const engine = new Engine(() => client);
    const first = engine.run('probe-device', undefined, { model: model(1) });
    await flush();
    pending.shift()!.settle(info);
    await flush();
    pending.shift()!.settle('ok');
    await first;
    client.onDeviceLost('the GPU was reset');
    expect([engine.status, engine.error, engine.lostReason]).toEqual([
      'lost',
      'the GPU was reset',
      'the GPU was reset',
    ]);
    const again = engine.run('probe-device', undefined, { model: model(1) });
    await flush();
    expect(pending.map((p) => p.kind)).toEqual(['load']);
    pending.shift()!.settle(info);
    await flush();
    pending.shift()!.settle('ok');
    await again;
    expect(engine.status).toBe('ready');
  });

  it('starts a new worker after one stops mid-job, and loads the model on it for the next job', async () => {
    const clients = [scriptedClient(), scriptedClient()];
    const spawned = [...clients];
    const engine = new Engine(() => spawned.shift()!.client);
    const first = engine.run('probe-device', undefined, { model: model(1) });
    await flush();
    const [dead, fresh] = clients as [ReturnType<typeof scriptedClient>, ReturnType<typeof scriptedClient>];
    dead.pending.shift()!.settle(info);
    await flush();
    dead.client.onStopped('The engine’s worker stopped (boom)');
    dead.pending.shift()!.fail(new Error('The engine’s worker stopped (boom).'));
    await expect(first).rejects.toThrow('boom');
    expect([engine.status, engine.error]).toEqual(['failed', 'The engine’s worker stopped (boom).']);
    const again = engine.run('probe-device', undefined, { model: model(1) });
    await flush();
    expect([spawned.length, fresh.pending.map((p) => p.kind)]).toEqual([0, ['load']]);
    // An error the dead worker had already queued arrives late: the new worker stays the engine's.
    dead.client.onStopped('The engine’s worker stopped (boom again)');
    fresh.pending.shift()!.settle(info);
    await flush();
    fresh.pending.shift()!.settle('ok');
    expect(await again).toBe('ok');
    expect(engine.status).toBe('ready');
  });

  it('probes the device once, however many widgets ask at the same time', async () => {
    const { client, pending } = scriptedClient();
    const engine = new Engine(() => client);
    const first = engine.ensureProbe();
    const second = engine.ensureProbe();
    await flush();
    expect(pending.map((p) => p.kind)).toEqual(['probe-device']);
    pending.shift()!.settle({ backend: 'webgpu' });
    expect(await Promise.all([first, second])).toEqual([{ backend: 'webgpu' }, { backend: 'webgpu' }]);
    expect(await engine.ensureProbe()).toEqual({ backend: 'webgpu' });
    expect([engine.probe, pending.length]).toEqual([{ backend: 'webgpu' }, 0]);
  });

  it('neither loads nor runs a job cancelled while it waited its turn, and says whose turn it is', async () => {
    const { client, pending } = scriptedClient();
    const engine = new Engine(() => client);
    const first = new AbortController();
    const ahead = engine.run('probe-device', undefined, { signal: first.signal });
    const waiting = new AbortController();
    const behind = engine.run('probe-device', undefined, { model: model(1), signal: waiting.signal });
    await flush();
    expect(engine.activeSignal).toBe(first.signal);
    waiting.abort();
    pending.shift()!.settle('ok');
    await ahead;
    await expect(behind).rejects.toThrow();
    expect([pending.length, engine.status, engine.error, engine.activeSignal]).toEqual([
      0,
      'ready',
      undefined,
      undefined,
    ]);
  });
});

describe('sessionKey', () => {
  const folder = (...files: File[]): SessionRequest => ({
    ...model(0),
    model: { kind: 'folder', files: new Map(files.map((file) => [file.name, file])) },
  });

  it('tells picked folders apart by their files, which JSON alone writes as {}', () => {
    const a = new File(['1234'], 'model.safetensors', { lastModified: 1 });
    const b = new File(['12345'], 'model.safetensors', { lastModified: 1 });
    expect(JSON.stringify(folder(a))).toBe(JSON.stringify(folder(b)));
    expect(sessionKey(folder(a))).not.toBe(sessionKey(folder(b)));
    expect(sessionKey(folder(a))).toBe(
      sessionKey(folder(new File(['abcd'], 'model.safetensors', { lastModified: 1 }))),
    );
  });
});
