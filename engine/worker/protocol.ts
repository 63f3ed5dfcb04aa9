/**
 * The messages between a page and the engine's worker. The page loads a model or runs a job, each by a request id;
 * the worker answers with progress (and partial results) and then one `loaded`, `result` or `error`. `cancel` aborts
 * a running job's signal; `test` is for the end-to-end tests (test-hooks.ts). Any job of jobs/registry.ts travels
 * in the same four shapes.
 */
import type { SessionInfo, SessionRequest } from '../create-session';
import type { TestAction } from './test-hooks';

export type ToWorker =
  | { type: 'load'; id: number; request: SessionRequest }
  | { type: 'run'; id: number; job: string; request: unknown }
  | { type: 'cancel'; id: number }
  | { type: 'test'; id: number; action: TestAction };

export type FromWorker =
  | { type: 'progress'; id: number; stage: string; fraction: number; partial?: unknown }
  | { type: 'loaded'; id: number; info: SessionInfo }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; name: string; message: string }
  | { type: 'device-lost'; message: string };
