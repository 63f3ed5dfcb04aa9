/**
 * Timing batched decode on the model runner: for each batch size, B sequences are prefilled with the same number of
 * tokens, then decoded together for a few steps, and the mean wall-clock step time is kept. A request may give the
 * timing a budget of seconds: on a device whose steps are slow (a software GPU, a phone) it then stops after
 * MIN_TIMED_STEPS once the budget is spent, and says how many steps it timed. The sequences are freed after each
 * batch, so the sweep leaves the cache as it found it. A cancelled sweep stops between batches.
 */
import type { ModelRunner } from '../model-runner';
import { defineJob } from './job';
import { fillerTokens } from './filler-tokens';
import { yieldToEvents } from './yield-to-events';

export interface DecodeSweepRequest {
  batches: readonly number[];
  /** Tokens in each sequence's cache before the timed steps. */
  context: number;
  /** Timed decode steps per batch size (after one untimed step); with `budgetSeconds`, the most. */
  steps: number;
  /** Seconds of timed steps after which a batch size stops, once it has timed MIN_TIMED_STEPS. */
  budgetSeconds?: number;
}

/** The fewest timed steps a budget leaves a batch size. */
export const MIN_TIMED_STEPS = 3;

export interface DecodeSweepPoint {
  batch: number;
  /** Mean wall-clock seconds per decode step, logits read-back included. */
  stepSeconds: number;
  tokensPerSecond: number;
}

/** A measured point: also how many steps were timed. */
export interface TimedDecodePoint extends DecodeSweepPoint {
  steps: number;
}

export async function decodeSweep(
  runner: ModelRunner,
  request: DecodeSweepRequest,
  progress: (fraction: number) => void = () => {},
  signal?: AbortSignal,
): Promise<TimedDecodePoint[]> {
  const points: TimedDecodePoint[] = [];
  const budget = (request.budgetSeconds ?? Infinity) * 1000;
  for (const [index, B] of request.batches.entries()) {
    await yieldToEvents();
    if (signal?.aborted) break;
    const seqs = Array.from({ length: B }, () => runner.create());
    try {
      for (const seq of seqs) {
        await runner.forward([{ seq, tokens: fillerTokens(request.context), logits: 'last' }]);
      }
      const step = () => runner.forward(seqs.map((seq) => ({ seq, tokens: [32], logits: 'last' as const })));
      await step();
      const start = performance.now();
      let steps = 0;
      while (steps < request.steps && (steps < MIN_TIMED_STEPS || performance.now() - start < budget)) {
        await step();
        steps++;
      }
      const stepSeconds = (performance.now() - start) / 1000 / steps;
      points.push({ batch: B, stepSeconds, tokensPerSecond: B / stepSeconds, steps });
    } finally {
      for (const seq of seqs) runner.free(seq);
    }
    progress((index + 1) / request.batches.length);
  }
  return points;
}

/** Lesson 1's measured batch sweep, on the loaded model. */
export const decodeSweepJob = defineJob({
  name: 'decode-sweep',
  run: (session, request: DecodeSweepRequest, progress, signal): Promise<TimedDecodePoint[]> => {
    // Said at once, since a sweep of one batch reports nothing else until it ends.
    progress({ stage: 'timing decode steps', fraction: 0 });
    return decodeSweep(
      session.runner,
      request,
      (fraction) => progress({ stage: 'timing decode steps', fraction }),
      signal,
    );
  },
});

declare module './registry' {
  interface JobTable {
    [decodeSweepJob.name]: typeof decodeSweepJob;
  }
}
