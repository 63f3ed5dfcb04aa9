/**
 * Lesson 6's measured payoff: on the page's session (target and draft), plain decoding of each model alone, then
 * speculative decoding at each K asked for, all from the same prompt, seed and temperature. Each step is timed
 * wall-clock around the whole step (forwards, read-backs, sampling, the verification rule, the caches' rollback),
 * and the first step of every run is left out of the timing because it also prefills the prompt. What a point
 * reports is what the lesson's formulas take: tokens per verification, α as the mean overlap Σ min(p, q) over the
 * drafted positions, the draft's step time and the verification's, each as measured. Cancel stops between steps
 * and keeps the points measured.
 */
import type { Session } from '../create-session';
import type { ModelRunner } from '../model-runner';
import { generate } from '../serve/generate';
import { speculativeDecode } from '../serve/speculative-decode';
import { overlapOf } from '../serve/speculative-view';
import { defineJob, type Progress } from './job';
import { draftOf, speculationPrompt } from './speculate';
import { yieldToEvents } from './yield-to-events';

export interface PayoffRequest {
  prompt: string;
  /** The K values to measure, each a run of its own. */
  draftTokens: readonly number[];
  /** Tokens each run emits. */
  tokens: number;
  temperature: number;
  seed: number;
}

/** Plain decoding of one model alone: the mean wall-clock seconds of a decode step. */
export interface PlainDecoding {
  stepSeconds: number;
  tokensPerSecond: number;
}

export interface PayoffPoint {
  draftTokens: number;
  /** Verifications run and tokens they emitted (all steps). */
  steps: number;
  emitted: number;
  tokensPerStep: number;
  /** Mean Σ min(p, q) over every drafted position: the acceptance rate α. */
  alpha: number;
  /** Tokens per wall-clock second over the steps after the first. */
  tokensPerSecond: number;
  /** Mean seconds of one draft forward, and of one verifying target forward over K + 1 positions. */
  draftForwardSeconds: number;
  verifySeconds: number;
}

export interface PayoffResult {
  /** Tokens of the prompt read (its last ones, leaving room for the tokens asked for). */
  tokensRead: number;
  target?: PlainDecoding;
  draft?: PlainDecoding;
  points: PayoffPoint[];
}

/** Steps run untimed first, so pipelines compiled on first use are not timed. */
const WARM_UP_STEPS = 2;

const seconds = (start: number) => (performance.now() - start) / 1000;

/** Mean decode-step time of `runner` generating `tokens` tokens alone (the prefill step left out). */
async function plainDecoding(
  runner: ModelRunner,
  ids: number[],
  request: PayoffRequest,
): Promise<PlainDecoding> {
  const options = { maxTokens: request.tokens, temperature: request.temperature, seed: request.seed };
  let [total, timed] = [0, 0];
  let start = performance.now();
  for await (const token of generate(runner, ids, options)) {
    if (token.phase === 'decode') {
      total += seconds(start);
      timed++;
    }
    start = performance.now();
  }
  const stepSeconds = total / Math.max(1, timed);
  return { stepSeconds, tokensPerSecond: 1 / stepSeconds };
}

async function speculativePoint(
  session: Session,
  ids: number[],
  request: PayoffRequest,
  K: number,
  signal: AbortSignal,
): Promise<PayoffPoint> {
  const options = {
    draftTokens: K,
    temperature: request.temperature,
    seed: request.seed,
    maxTokens: request.tokens,
  };
  const overlaps: number[] = [];
  let [steps, emitted, timedTokens, timedSeconds, draftSeconds, verifySeconds] = [0, 0, 0, 0, 0, 0];
  let start = performance.now();
  for await (const step of speculativeDecode(draftOf(session), session.runner, ids, { ...options, signal })) {
    const wall = seconds(start);
    if (steps > 0) {
      timedTokens += step.emitted.length;
      timedSeconds += wall;
      draftSeconds += step.draftSeconds;
      verifySeconds += step.verifySeconds;
    }
    steps++;
    emitted += step.emitted.length;
    step.q.forEach((row, i) => overlaps.push(overlapOf(step.p[i]!, row)));
    start = performance.now();
  }
  const timedSteps = Math.max(1, steps - 1);
  return {
    draftTokens: K,
    steps,
    emitted,
    tokensPerStep: emitted / steps,
    alpha: overlaps.reduce((s, v) => s + v, 0) / overlaps.length,
    tokensPerSecond: timedTokens / timedSeconds,
    draftForwardSeconds: draftSeconds / (timedSteps * K),
    verifySeconds: verifySeconds / timedSteps,
  };
}

/** Run a couple of steps of everything untimed, so first-use compilation is not measured. */
async function warmUp(session: Session, ids: number[], request: PayoffRequest): Promise<void> {
  const K = Math.max(...request.draftTokens);
  const options = { draftTokens: K, temperature: request.temperature, seed: request.seed };
  const maxTokens = WARM_UP_STEPS * (K + 1);
  for await (const _ of speculativeDecode(draftOf(session), session.runner, ids, { ...options, maxTokens }));
  for (const runner of [session.runner, draftOf(session)])
    for await (const _ of generate(runner, ids, { ...options, maxTokens: WARM_UP_STEPS }));
}

export async function speculativePayoff(
  session: Session,
  request: PayoffRequest,
  progress: Progress<PayoffResult>,
  signal: AbortSignal,
): Promise<PayoffResult> {
  if (request.draftTokens.length === 0) throw new Error('Name at least one K to measure.');
  const K = Math.max(...request.draftTokens);
  const { ids } = speculationPrompt(session, request.prompt, request.tokens, K);
  const result: PayoffResult = { tokensRead: ids.length, points: [] };
  const runs = request.draftTokens.length + 2;
  const report = (stage: string, done: number) =>
    progress({ stage, fraction: done / runs, partial: { ...result } });
  report('warming up both models', 0);
  await warmUp(session, ids, request);
  try {
    report('timing the target alone', 0);
    result.target = await plainDecoding(session.runner, ids, request);
    report('timing the draft alone', 1);
    await yieldToEvents();
    signal.throwIfAborted();
    result.draft = await plainDecoding(draftOf(session), ids, request);
    for (const [index, k] of request.draftTokens.entries()) {
      report(`speculating with K = ${k}`, index + 2);
      await yieldToEvents();
      result.points = [...result.points, await speculativePoint(session, ids, request, k, signal)];
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
  return result;
}

export const speculativePayoffJob = defineJob({ name: 'speculative-payoff', run: speculativePayoff });

declare module './registry' {
  interface JobTable {
    [speculativePayoffJob.name]: typeof speculativePayoffJob;
  }
}
