/**
 * Tests only: the first token of `n` seeded speculative steps at one fixed context, counted and fitted to the
 * target's distribution there by χ², for the true rule (resample from the residual) or a wrong one (resample from
 * p). The bonus row is p again: it never decides the first token.
 */
import { Random } from '../model/random';
import { chiSquareFit, type FitTest } from '../serve/goodness-of-fit';
import { countSpeculative } from '../serve/first-token-samples';
import { drawFrom } from '../serve/speculative';

export function firstTokenFit(
  p: Float64Array,
  q: Float64Array,
  resample: 'residual' | 'target',
  n = 20_000,
): FitTest {
  const counts = new Float64Array(p.length);
  if (resample === 'residual') return chiSquareFit(countSpeculative(p, q, n, 5, counts), p);
  const rng = new Random(5);
  for (let i = 0; i < n; i++) {
    const x = drawFrom(q, rng.next());
    counts[rng.next() < Math.min(1, p[x]! / q[x]!) ? x : drawFrom(p, rng.next())]!++;
  }
  return chiSquareFit(counts, p);
}

/** The prompt both tests fix the context with. */
export const FIT_PROMPT =
  'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in';
