// A hand-made speculative-payoff result for the widget's tests: the target decodes a step in 10 ms alone and the
// draft in 4 ms (c = 0.4); K = 1, 2 and 4 drafted 50, 50 and 100 positions at α = 0.6, 0.8 and 0.7, so the overall α
// is (30 + 40 + 70) ÷ 200 = 0.7. `verifySeconds` sets each K's verification, 11, 12 and 13 ms unless given.
import type { PayoffPoint, PayoffResult, PlainDecoding } from '@engine/index';

export const TARGET_ALONE: PlainDecoding = { stepSeconds: 0.01, tokensPerSecond: 100 };
export const DRAFT_ALONE: PlainDecoding = { stepSeconds: 0.004, tokensPerSecond: 250 };

const point = (
  draftTokens: number,
  steps: number,
  emitted: number,
  alpha: number,
  tokensPerSecond: number,
  verifySeconds: number,
): PayoffPoint => ({
  draftTokens,
  steps,
  emitted,
  tokensPerStep: emitted / steps,
  alpha,
  tokensPerSecond,
  draftForwardSeconds: 0.004,
  verifySeconds,
});

export function payoffResult(
  verifySeconds = [0.011, 0.012, 0.013],
  tokensPerSecond = [110, 120, 105],
): PayoffResult {
  return {
    tokensRead: 30,
    target: TARGET_ALONE,
    draft: DRAFT_ALONE,
    points: [
      point(1, 50, 80, 0.6, tokensPerSecond[0]!, verifySeconds[0]!),
      point(2, 25, 55, 0.8, tokensPerSecond[1]!, verifySeconds[1]!),
      point(4, 25, 70, 0.7, tokensPerSecond[2]!, verifySeconds[2]!),
    ],
  };
}
