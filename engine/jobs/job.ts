/**
 * What an engine experiment is: a named job the worker runs on request. A model job runs on the page's loaded
 * session; a device job needs none (it asks the device itself). A job reports progress (a stage in words, how far
 * along, and optionally a partial result such as a generated token) and watches a signal: when it aborts, the job
 * stops at its next safe point and returns what it has, or throws.
 */
import type { Session } from '../create-session';

/** One progress report: a stage in words, the fraction done (0–1), and optionally a partial result. */
export interface ProgressUpdate<Partial> {
  stage: string;
  fraction: number;
  partial?: Partial;
}

export type Progress<Partial = never> = (update: ProgressUpdate<Partial>) => void;

export interface Job<Name extends string, Request, Result, Partial = never> {
  readonly name: Name;
  /** Whether the job runs on the loaded model (it refuses to run, saying so, while none is loaded). */
  readonly needsModel: boolean;
  run(
    session: Session | undefined,
    request: Request,
    progress: Progress<Partial>,
    signal: AbortSignal,
  ): Promise<Result>;
}

export class NoModelError extends Error {
  constructor() {
    super('No model is loaded: the engine must be started first.');
    this.name = 'NoModelError';
  }
}

/** A job that runs on the page's loaded session. */
export function defineJob<const Name extends string, Request, Result, Partial = never>(spec: {
  name: Name;
  run(session: Session, request: Request, progress: Progress<Partial>, signal: AbortSignal): Promise<Result>;
}): Job<Name, Request, Result, Partial> {
  return {
    name: spec.name,
    needsModel: true,
    run(session, request, progress, signal) {
      if (!session) throw new NoModelError();
      return spec.run(session, request, progress, signal);
    },
  };
}

/** A job that asks the device itself and needs no loaded model. */
export function defineDeviceJob<const Name extends string, Request, Result, Partial = never>(spec: {
  name: Name;
  run(request: Request, progress: Progress<Partial>, signal: AbortSignal): Promise<Result>;
}): Job<Name, Request, Result, Partial> {
  return {
    name: spec.name,
    needsModel: false,
    run: (_session, request, progress, signal) => spec.run(request, progress, signal),
  };
}

/** Any job, for code that carries jobs without knowing which. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJob = Job<string, any, any, any>;
