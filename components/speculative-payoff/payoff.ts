/**
 * Lesson 6's measured payoff in numbers, from the speculative-payoff job's result: each K's tokens per verification
 * and speedup over the target decoding alone, beside the formulas they are judged by. The formulas take one α for
 * every K, the overall α (the mean overlap over every drafted position of every run), and the draft's cost c from
 * the two models timed alone. The paper's speedup takes a verification to cost one target decode step; the same
 * expected tokens over this device's measured verification show what that assumption is worth here.
 */
import { analytic, type PayoffPoint, type PayoffResult, type PlainDecoding } from '@engine/index';

export interface PayoffRow {
  K: number;
  /** Measured: this K's mean overlap over its drafted positions. */
  alpha: number;
  /** Measured tokens per verification, and tokens per second. */
  tokensPerStep: number;
  tokensPerSecond: number;
  /** Measured seconds of one draft forward and of one verification (K + 1 positions). */
  draftForwardSeconds: number;
  verifySeconds: number;
  /** Measured: a verification's cost in target decode steps. */
  verifySteps: number;
  /** Measured: tokens per second over the target's alone. */
  speedup: number;
  /** Formula: (1 − α^(K+1)) / (1 − α) at the overall α. */
  formulaTokens: number;
  /** Formula: the paper's speedup at the overall α and the measured c. */
  paperSpeedup: number;
  /** Formula with this device's verification: E[tokens] · t_target ÷ (K · t_draft + t_verify(K)). */
  deviceSpeedup: number;
}

export interface Payoff {
  target: PlainDecoding;
  draft: PlainDecoding;
  /** Measured over every drafted position of every K. */
  alpha: number;
  /** Measured: the draft's decode step over the target's. */
  c: number;
  /** One per K measured, in the order measured. */
  rows: PayoffRow[];
}

/** The mean of each K's α weighted by the positions it drafted (K per verification). */
export function overallAlpha(points: readonly PayoffPoint[]): number {
  const drafted = points.map((p) => p.steps * p.draftTokens);
  const total = drafted.reduce((s, n) => s + n, 0);
  return points.reduce((s, p, i) => s + p.alpha * drafted[i]!, 0) / total;
}

/** The payoff so far; undefined until both models are timed alone and one K is measured. */
export function payoffOf({ target, draft, points }: PayoffResult): Payoff | undefined {
  if (!target || !draft || points.length === 0) return undefined;
  const alpha = overallAlpha(points);
  const c = draft.stepSeconds / target.stepSeconds;
  const rows = points.map((p): PayoffRow => {
    const K = p.draftTokens;
    const formulaTokens = analytic.expectedTokensPerStep(alpha, K);
    return {
      K,
      alpha: p.alpha,
      tokensPerStep: p.tokensPerStep,
      tokensPerSecond: p.tokensPerSecond,
      draftForwardSeconds: p.draftForwardSeconds,
      verifySeconds: p.verifySeconds,
      verifySteps: p.verifySeconds / target.stepSeconds,
      speedup: p.tokensPerSecond / target.tokensPerSecond,
      formulaTokens,
      paperSpeedup: analytic.paperSpeedup(alpha, K, c),
      deviceSpeedup: (formulaTokens * target.stepSeconds) / (K * draft.stepSeconds + p.verifySeconds),
    };
  });
  return { target, draft, alpha, c, rows };
}

/** The formulas' curves over K = 1 … maxK, which need no measured verification. */
export function formulaCurve({ alpha, c }: Payoff, maxK: number) {
  return Array.from({ length: maxK }, (_, i) => ({
    K: i + 1,
    tokens: analytic.expectedTokensPerStep(alpha, i + 1),
    paperSpeedup: analytic.paperSpeedup(alpha, i + 1, c),
  }));
}

/** The K measured that paid best (the smallest K on a tie). */
export function bestRow(rows: readonly PayoffRow[]): PayoffRow {
  return rows.reduce((best, row) => (row.speedup > best.speedup ? row : best));
}

/** The largest K measured: where a verification feeds the most positions. */
export function largestRow(rows: readonly PayoffRow[]): PayoffRow {
  return rows.reduce((largest, row) => (row.K > largest.K ? row : largest));
}
