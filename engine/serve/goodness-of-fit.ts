/**
 * Pearson's χ² goodness-of-fit test: do observed counts of tokens fit a distribution? Tokens whose expected count is
 * below `minExpected` are pooled into one bin (the test's approximation needs a few expected counts per bin); the
 * p-value is the χ² distribution's upper tail at the statistic (jStat). Lesson 6 checks with it that speculative
 * sampling draws from the target's distribution.
 */
import jStat from 'jstat';

export interface FitTest {
  /** Σ (observed − expected)² / expected over the bins. */
  statistic: number;
  /** Bins − 1. */
  degreesOfFreedom: number;
  /** P(χ² ≥ statistic) if the counts came from the distribution. */
  pValue: number;
  bins: number;
}

export function chiSquareFit(counts: ArrayLike<number>, probs: ArrayLike<number>, minExpected = 5): FitTest {
  if (counts.length !== probs.length)
    throw new Error(`${counts.length} counts for ${probs.length} probabilities`);
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i]!;
  let mass = 0;
  for (let i = 0; i < probs.length; i++) mass += probs[i]!;
  const bins: { observed: number; expected: number }[] = [];
  const pooled = { observed: 0, expected: 0 };
  for (let i = 0; i < counts.length; i++) {
    const expected = (n * probs[i]!) / mass;
    if (expected >= minExpected) bins.push({ observed: counts[i]!, expected });
    else {
      pooled.observed += counts[i]!;
      pooled.expected += expected;
    }
  }
  if (pooled.expected > 0 || pooled.observed > 0) bins.push(pooled);
  if (bins.length < 2)
    throw new Error('a goodness-of-fit test needs at least two bins with enough expected counts');
  const statistic = bins.reduce(
    (s, b) =>
      s + (b.expected > 0 ? (b.observed - b.expected) ** 2 / b.expected : b.observed > 0 ? Infinity : 0),
    0,
  );
  const degreesOfFreedom = bins.length - 1;
  return {
    statistic,
    degreesOfFreedom,
    pValue: 1 - jStat.chisquare.cdf(statistic, degreesOfFreedom),
    bins: bins.length,
  };
}
