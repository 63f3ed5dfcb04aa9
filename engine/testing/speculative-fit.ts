/**
 * Tests only: the first token of `n` seeded speculative steps at one fixed context, counted and fitted to the
 * target's distribution there by χ², for the true rule (resample from the residual) or a wrong one (resample from
 * p). The bonus row is p again: it never decides the first token.
 */
import { Random } from '../model/random';
import { chiSquareFit, type FitTest } from '../serve/goodness-of-fit';
import { drawFrom, verifyDraft } from '../serve/speculative';

export function firstTokenFit(
  p: Float64Array,
  q: Float64Array,
  resample: 'residual' | 'target',
  n = 20_000,
): FitTest {
  const rng = new Random(5);
  const counts = new Array<number>(p.length).fill(0);
  for (let i = 0; i < n; i++) {
    const x = drawFrom(q, rng.next());
    if (resample === 'residual') counts[verifyDraft([x], [q], [p, p], rng).emitted[0]!]!++;
    else counts[rng.next() < Math.min(1, p[x]! / q[x]!) ? x : drawFrom(p, rng.next())]!++;
  }
  return chiSquareFit(counts, p);
}

/** The prompt both tests fix the context with. */
export const FIT_PROMPT =
  'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in';
