/**
 * Lesson 6's exactness demonstration: many draws of the token after one fixed context, by speculative sampling (the
 * draft proposes from q, the target's p accepts or resamples from the residual) and by sampling the target alone.
 * Only the first emitted token is counted, so one drafted token and the two models' distributions at the context
 * are all it takes: the models run once, each draw re-runs the rule with fresh uniforms. Counts add into the array
 * given, so a page can grow them batch by batch (a new seed each batch).
 */
import { Random } from '../model/random';
import { drawFrom, verifyDraft } from './speculative';

/** Add `n` speculative first tokens (drafted from q, verified against p) into `counts`. */
export function countSpeculative(
  p: Float64Array,
  q: Float64Array,
  n: number,
  seed: number,
  counts: Float64Array,
): Float64Array {
  const rng = new Random(seed);
  // The bonus row is never reached by the first token; p stands in for it.
  for (let i = 0; i < n; i++) counts[verifyDraft([drawFrom(q, rng.next())], [q], [p, p], rng).emitted[0]!]!++;
  return counts;
}

/** Add `n` tokens sampled from p alone into `counts`. */
export function countTarget(p: Float64Array, n: number, seed: number, counts: Float64Array): Float64Array {
  const rng = new Random(seed);
  for (let i = 0; i < n; i++) counts[drawFrom(p, rng.next())]!++;
  return counts;
}
