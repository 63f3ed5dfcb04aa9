/**
 * Hooks for the end-to-end tests, reached as `window.memoryBoundTest` only when a test has set
 * `window.memoryBoundTestHooks = true` before the page loaded (readers' pages never do). They act on the page's
 * current engine worker: count its live GPU buffers, take its GPU devices away, or crash it
 * (engine/worker/test-hooks.ts does each inside the worker).
 */
import { spawnEngine, type EngineClient } from '@engine/index';

export interface TestHooks {
  /** GPU buffers created and not destroyed on the worker's devices that are not lost. */
  gpuBuffers(): Promise<number>;
  /** Destroy every GPU device the worker holds: how many, and how many jobs it was running then. */
  loseDevice(): Promise<{ devices: number; jobsRunning: number }>;
  /** Make the worker throw an error outside any job, once it has answered how many jobs it is running. */
  crashWorker(): Promise<{ jobsRunning: number }>;
}

type HookedWindow = { memoryBoundTestHooks?: unknown; memoryBoundTest?: TestHooks };

/**
 * A spawner for the page's Engine: plain `spawnEngine` for readers; under test, one whose workers count GPU buffers
 * from their start, with the hooks put on `window` acting on the latest of them.
 */
export function engineSpawner(): () => EngineClient {
  const page = globalThis as HookedWindow;
  if (page.memoryBoundTestHooks !== true) return spawnEngine;
  let latest: EngineClient | undefined;
  const spawn = () => {
    latest = spawnEngine();
    // A worker that fails to start says so through the engine's own requests.
    latest.test('watch-gpu').catch(() => {});
    return latest;
  };
  const current = () => {
    if (!latest) throw new Error('The page has not started its engine worker yet.');
    return latest;
  };
  page.memoryBoundTest = {
    gpuBuffers: async () => (await current().test('count-buffers')).answer,
    loseDevice: async () => {
      const { answer, jobsRunning } = await current().test('lose-device');
      return { devices: answer, jobsRunning };
    },
    crashWorker: async () => ({ jobsRunning: (await current().test('crash')).jobsRunning }),
  };
  return spawn;
}
