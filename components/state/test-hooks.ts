/**
 * Hooks for the end-to-end tests, reached as `window.memoryBoundTest` only when a test has set
 * `window.memoryBoundTestHooks = true` before the page loaded (readers' pages never do). They act on the page's
 * current engine worker: count its live GPU buffers, take its GPU devices away, or crash it
 * (engine/worker/test-hooks.ts does each inside the worker).
 */
import { spawnEngine, type EngineClient } from '@engine/index';

export interface TestHooks {
  /** GPU buffers alive on the worker's devices that are not lost. */
  gpuBuffers(): Promise<number>;
  /** Destroy every GPU device the worker holds; answers how many. */
  loseDevice(): Promise<number>;
  /** Throw an error in the worker outside any job. */
  crashWorker(): void;
}

type HookedWindow = { memoryBoundTestHooks?: boolean; memoryBoundTest?: TestHooks };

/**
 * A spawner for the page's Engine: plain `spawnEngine` for readers; under test, one whose workers count GPU buffers
 * from their start, with the hooks put on `window` acting on the latest of them.
 */
export function engineSpawner(): () => EngineClient {
  const page = globalThis as HookedWindow;
  if (!page.memoryBoundTestHooks) return spawnEngine;
  let latest: EngineClient | undefined;
  const spawn = () => {
    latest = spawnEngine();
    void latest.test('watch-gpu');
    return latest;
  };
  const current = () => {
    if (!latest) throw new Error('The page has not started its engine worker yet.');
    return latest;
  };
  page.memoryBoundTest = {
    gpuBuffers: () => current().test('count-buffers'),
    loseDevice: () => current().test('lose-device'),
    crashWorker: () =>
      void current()
        .test('crash')
        .catch(() => {}),
  };
  return spawn;
}
