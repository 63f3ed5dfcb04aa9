/**
 * Speculative decoding in the cost model (Leviathan, Kalman and Matias 2023, arXiv:2211.17192, §3.3–3.5): a draft
 * model proposes K tokens one decode step at a time, the target verifies them in one forward over K + 1 positions,
 * and each drafted token is accepted with probability α on average (independently, as the paper assumes). The
 * step times come from the memory-bound model of decode.ts: a verification reads the target's weights once, like
 * a decode step, and does K + 1 times the FLOPs, so it costs about one decode step while the step stays
 * memory-bound.
 */
import { attentionCost } from './attention';
import { decodeBytes, decodeStep, type ServingSetup } from './decode';
import { kvBytesPerToken, matmulParams } from './llama-shape';
import { timeAtRoof, type ForwardTime } from './roofline';

/** Tokens one verification emits on average: (1 − α^(K+1)) / (1 − α), K + 1 when every draft is accepted. */
export function expectedTokensPerStep(alpha: number, K: number): number {
  if (alpha >= 1) return K + 1;
  return (1 - alpha ** (K + 1)) / (1 - alpha);
}

/**
 * The paper's wall-time improvement (its Theorem 3.8), taking a verification to cost one target decode step and a
 * draft step `c` of one: (1 − α^(K+1)) / ((1 − α)(K·c + 1)).
 */
export function paperSpeedup(alpha: number, K: number, c: number): number {
  return expectedTokensPerStep(alpha, K) / (K * c + 1);
}

/**
 * One forward of T new tokens of one sequence whose first new token attends over S tokens, itself included (T = 1
 * is decodeStep at batch 1): the weights read once, the cache's S − 1 tokens read and T written, 2·T FLOPs per
 * matrix weight, and causal attention (new token t sees S + t keys).
 */
export function verifyForward(setup: ServingSetup, T: number, S: number): ForwardTime {
  const { model, device, weightDtype, kvDtype } = setup;
  const { L, N, K, H } = model;
  const { weightBytesRead } = decodeBytes(setup, T, S);
  const bytes = weightBytesRead + (S + T) * kvBytesPerToken(model, kvDtype);
  const attention = attentionCost({ B: 1, T, S: S + T - 1, N, K, H }, kvDtype, true);
  const flops = 2 * T * matmulParams(model) + L * attention.flops;
  return timeAtRoof(device, weightDtype, flops, bytes);
}

export interface SpeculativeCost {
  K: number;
  alpha: number;
  /** Seconds of the target's plain decode step, of one draft decode step, and of the verification (K + 1 tokens). */
  targetStepSeconds: number;
  draftStepSeconds: number;
  verify: ForwardTime;
  /** A draft step's cost in target steps (the paper's c). */
  c: number;
  /** Seconds of one speculative step: K draft steps and one verification. */
  stepSeconds: number;
  expectedTokens: number;
  /** Tokens per second, speculative and plain. */
  tokensPerSecond: number;
  plainTokensPerSecond: number;
  /** Wall-clock speedup over plain decoding with these step times; and the paper's formula with the same c. */
  speedup: number;
  paperSpeedup: number;
}

/** Speculative decoding of one sequence at context S with `target` and `draft`, K drafted tokens, acceptance α. */
export function speculativeCost(
  target: ServingSetup,
  draft: ServingSetup,
  K: number,
  alpha: number,
  S: number,
): SpeculativeCost {
  const targetStepSeconds = decodeStep(target, 1, S).seconds;
  const draftStepSeconds = decodeStep(draft, 1, S).seconds;
  const verify = verifyForward(target, K + 1, S);
  const stepSeconds = K * draftStepSeconds + verify.seconds;
  const expectedTokens = expectedTokensPerStep(alpha, K);
  const c = draftStepSeconds / targetStepSeconds;
  return {
    K,
    alpha,
    targetStepSeconds,
    draftStepSeconds,
    verify,
    c,
    stepSeconds,
    expectedTokens,
    tokensPerSecond: expectedTokens / stepSeconds,
    plainTokensPerSecond: 1 / targetStepSeconds,
    speedup: (expectedTokens * targetStepSeconds) / stepSeconds,
    paperSpeedup: paperSpeedup(alpha, K, c),
  };
}
