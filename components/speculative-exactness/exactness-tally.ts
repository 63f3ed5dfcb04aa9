/**
 * The exactness demonstration's samples: the token after one context, drawn again and again by speculative sampling
 * under a rule (the engine's countFirstTokens: a draft token from q, accepted or replaced by the rule against p) and
 * by the target alone (countTarget), counted batch by batch, with each sampler's χ² fit to p. Batch b of a sampler
 * draws from its own seed, made from the reader's seed, the sampler and b, so the counts after any number of
 * batches are the same however they were reached: grown frame by frame on the page or all at once in a test. Pure.
 */
import {
  chiSquareFit,
  countFirstTokens,
  countTarget,
  type FirstTokenRule,
  type FitTest,
} from '@engine/index';

/**
 * Samples each sampler adds per batch; the page draws one batch per animation frame. Small, because the speculative
 * rule builds the residual over the whole vocabulary at every rejection: 200 take about 15 ms at temperature 1 on
 * the shipped pair, and twice that at 0.25, where the two models disagree more.
 */
export const BATCH_SIZE = 200;

/** Fewest expected samples a token needs for a bin of its own in the χ² test (fewer are pooled). */
const MIN_EXPECTED = 5;

/** What the samples are drawn from, and how. */
export interface Sampling {
  /** The target's next-token distribution, which both samplers should follow. */
  p: Float64Array; // (V)
  /** The draft's, from which the speculative sampler proposes. */
  q: Float64Array; // (V)
  rule: FirstTokenRule;
  seed: number;
}

/** Both samplers' counts per token after some batches. */
export interface Tally {
  batches: number;
  /** Samples from each sampler so far. */
  samples: number;
  speculative: Float64Array; // (V)
  target: Float64Array; // (V)
}

/** Each sampler's χ² fit to p; undefined while its counts cannot be tested yet. */
export interface Fits {
  speculative: FitTest | undefined;
  target: FitTest | undefined;
}

export type Sampler = keyof Fits;

const SAMPLER_INDEX: Record<Sampler, number> = { speculative: 0, target: 1 };

/**
 * The seed of one sampler's batch: the reader's seed, the batch and the sampler packed into 32 bits (distinct for
 * every seed below 65,536 and batch below 32,768), then mixed by murmur3's finaliser, which is one to one, so that
 * neighbouring batches start far apart in the generator's sequence instead of sharing draws.
 */
export function batchSeed(seed: number, sampler: Sampler, batch: number): number {
  let h = (seed * 0x10000 + 2 * batch + SAMPLER_INDEX[sampler]) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** No samples yet, over a vocabulary of V tokens. */
export const emptyTally = (V: number): Tally => ({
  batches: 0,
  samples: 0,
  speculative: new Float64Array(V),
  target: new Float64Array(V),
});

/** `tally` with the next batch of each sampler added, as a new tally (the one given is left as it was). */
export function withNextBatch(s: Sampling, tally: Tally): Tally {
  const b = tally.batches;
  const speculativeSeed = batchSeed(s.seed, 'speculative', b);
  return {
    batches: b + 1,
    samples: tally.samples + BATCH_SIZE,
    speculative: countFirstTokens(s.rule, s.p, s.q, BATCH_SIZE, speculativeSeed, tally.speculative.slice()),
    target: countTarget(s.p, BATCH_SIZE, batchSeed(s.seed, 'target', b), tally.target.slice()),
  };
}

/** The counts after the first `batches` batches. */
export function tallyAfter(s: Sampling, batches: number): Tally {
  let tally = emptyTally(s.p.length);
  while (tally.batches < batches) tally = withNextBatch(s, tally);
  return tally;
}

/**
 * The χ² fit of `counts` to p. The engine's test needs two bins, so there is none until some token is expected
 * MIN_EXPECTED times, or when p puts all its mass on one token.
 */
export function fitToTarget(counts: Float64Array, p: Float64Array, samples: number): FitTest | undefined {
  let [largest, mass, tokens] = [0, 0, 0];
  for (const pi of p) {
    largest = Math.max(largest, pi);
    mass += pi;
    if (pi > 0) tokens++;
  }
  // As chiSquareFit reckons a token's expected count: against p's total, which rounding leaves a little off 1.
  if ((samples * largest) / mass < MIN_EXPECTED || tokens < 2) return undefined;
  return chiSquareFit(counts, p, MIN_EXPECTED);
}

/** Both samplers' fits to p. */
export const fitsOf = (tally: Tally, p: Float64Array): Fits => ({
  speculative: fitToTarget(tally.speculative, p, tally.samples),
  target: fitToTarget(tally.target, p, tally.samples),
});
