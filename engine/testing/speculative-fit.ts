/**
 * Tests only: the first token of `n` seeded speculative steps at one fixed context, counted and fitted to the
 * target's distribution there by χ², for the true rule or a wrong one (serve/first-token-samples.ts).
 */
import { countFirstTokens, type FirstTokenRule } from '../serve/first-token-samples';
import { chiSquareFit, type FitTest } from '../serve/goodness-of-fit';

export function firstTokenFit(p: Float64Array, q: Float64Array, rule: FirstTokenRule, n = 20_000): FitTest {
  return chiSquareFit(countFirstTokens(rule, p, q, n, 5, new Float64Array(p.length)), p);
}

/** The prompt both tests fix the context with. */
export const FIT_PROMPT =
  'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in';
