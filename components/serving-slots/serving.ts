/**
 * A serving run as the widget holds it: the steps streamed so far, each under its policy, and the serve-stream job's
 * result once it has ended. And the stream's requests (arrival, prompt and output lengths), drawn by the engine's
 * own requestStream from the plan alone: a request's arrival and lengths do not depend on the tokens its prompt is
 * cut from, so the page knows them before the worker has served anything.
 */
import {
  requestStream,
  type BatchingPolicy,
  type ServeRun,
  type ServeStreamResult,
  type ServeStreamStep,
  type StepRecord,
} from '@engine/index';
import type { ServePlan } from './serve-request';

export interface Serving {
  /** Every step streamed so far, in order. */
  streamed: ServeStreamStep[];
  result?: ServeStreamResult;
}

export interface PolicySteps {
  policy: BatchingPolicy;
  steps: StepRecord[];
}

/** The page redraws streamed steps at most this often: a GPU step takes a few milliseconds. */
export const REDRAW_MS = 100;

/** Each run of the plan, in order, with its steps: the result's once it is in, else those streamed so far. */
export function policySteps({ streamed, result }: Serving, runs: readonly ServeRun[]): PolicySteps[] {
  const isRun = (run: ServeRun) => (other: ServeRun) =>
    other.policy === run.policy && other.reservation === run.reservation;
  return runs.map((run) => ({
    policy: run.policy,
    steps: result?.runs.find(isRun(run))?.steps ?? streamed.filter(isRun(run)).map((s) => s.step),
  }));
}

export interface StreamedRequest {
  id: number;
  /** Seconds after the stream starts. */
  arrival: number;
  promptTokens: number;
  maxNewTokens: number;
}

/** Placeholder token ids to cut prompts from: longer than any prompt, their values unused. */
const PLACEHOLDER_SOURCE: readonly number[] = new Array<number>(1024).fill(0);

/** The plan's requests as the job draws them from the same seed. */
export function streamRequests(plan: ServePlan): StreamedRequest[] {
  return requestStream({ ...plan.stream, source: PLACEHOLDER_SOURCE }).map((r) => ({
    id: r.id,
    arrival: r.arrival,
    promptTokens: r.prompt.length,
    maxNewTokens: r.maxNewTokens,
  }));
}

/** A policy's name in the widget's words. */
export const POLICY_NAMES: Record<BatchingPolicy, string> = {
  static: 'Static batching',
  continuous: 'Continuous batching',
};
