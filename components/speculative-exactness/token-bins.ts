/**
 * The tokens the exactness chart draws: the target's most likely, each with p, q and how many samples of each
 * sampler came out as it, then one bin holding every other token. Pure.
 */
import { topIds } from '@engine/index';
import type { Tally } from './exactness-tally';

/** The id of the bin that holds every token not drawn on its own. */
export const OTHER_TOKENS = -1;

/** One token, or all the others together. */
export interface TokenBin {
  /** The token's id, or OTHER_TOKENS. */
  id: number;
  /** The target's and the draft's probability of it. */
  p: number;
  q: number;
  /** Samples that came out as it, from each sampler. */
  speculative: number;
  target: number;
}

/** The target's `k` most likely tokens, the most likely first, then the rest in one bin when there is a rest. */
export function tokenBins(p: Float64Array, q: Float64Array, tally: Tally, k: number): TokenBin[] {
  const bins = topIds(p, k).map((id) => ({
    id,
    p: p[id]!,
    q: q[id]!,
    speculative: tally.speculative[id]!,
    target: tally.target[id]!,
  }));
  if (bins.length === p.length) return bins;
  // Clamped at 0: the probabilities' rest can round to a hair below it.
  const rest = (total: number, pick: (bin: TokenBin) => number) =>
    Math.max(
      0,
      bins.reduce((left, bin) => left - pick(bin), total),
    );
  return [
    ...bins,
    {
      id: OTHER_TOKENS,
      p: rest(1, (bin) => bin.p),
      q: rest(1, (bin) => bin.q),
      speculative: rest(tally.samples, (bin) => bin.speculative),
      target: rest(tally.samples, (bin) => bin.target),
    },
  ];
}
