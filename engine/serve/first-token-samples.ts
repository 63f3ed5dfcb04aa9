/**
 * Lesson 6's exactness demonstration: many draws of the token after one fixed context, by speculative sampling (the
 * draft proposes from q, the target's p accepts or resamples from the residual), by a wrong rule, or by sampling the
 * target alone. Only the first emitted token is counted, so one drafted token and the two models' distributions at
 * the context are all it takes: the models run once, each draw re-runs the rule with fresh uniforms. Counts add into
 * the array given, so a page can grow them batch by batch (a new seed each batch).
 */
import { Random } from '../model/random';
import { drawFrom, verifyDraft } from './speculative';

/**
 * How the first token is chosen: speculative sampling's rule; a wrong one that resamples a rejection from p instead
 * of the residual (too much mass where the draft already put its own); or keeping every drafted token (the draft's
 * distribution, not the target's).
 */
export const FIRST_TOKEN_RULES = ['speculative', 'resample-from-p', 'keep-draft'] as const;
export type FirstTokenRule = (typeof FIRST_TOKEN_RULES)[number];

/** Add `n` first tokens chosen by `rule` (drafted from q, judged against p) into `counts`. */
export function countFirstTokens(
  rule: FirstTokenRule,
  p: Float64Array,
  q: Float64Array,
  n: number,
  seed: number,
  counts: Float64Array,
): Float64Array {
  const rng = new Random(seed);
  for (let i = 0; i < n; i++) {
    const x = drawFrom(q, rng.next());
    if (rule === 'keep-draft') counts[x]!++;
    // The bonus row is never reached by the first token; p stands in for it.
    else if (rule === 'speculative') counts[verifyDraft([x], [q], [p, p], rng).emitted[0]!]!++;
    else counts[rng.next() < Math.min(1, p[x]! / q[x]!) ? x : drawFrom(p, rng.next())]!++;
  }
  return counts;
}

/** Add `n` tokens sampled from p alone into `counts`. */
export function countTarget(p: Float64Array, n: number, seed: number, counts: Float64Array): Float64Array {
  const rng = new Random(seed);
  for (let i = 0; i < n; i++) counts[drawFrom(p, rng.next())]!++;
  return counts;
}
