/**
 * What the χ² tests say, in a table and in words: for each sampler its statistic, degrees of freedom, p-value and
 * samples so far, and the verdict at α = 0.001 (the level the engine's own exactness tests use). Pearson's χ²
 * compares counts with what p expects; its p-value is the chance of a fit at least this bad from samples truly drawn
 * from p.
 */
import type { FitTest } from '@engine/index';
import { formatInteger, formatNumber } from '../charts/format';
import { formatValue } from '../number-formats/value-text';
import type { Fits, Sampler } from './exactness-tally';
import { seriesNames, type SamplerSetup } from './sampler-names';

/** The test's level: a p-value below it rejects p as the samples' distribution. */
export const ALPHA = 0.001;

/** Below this the p-value, 1 − the χ² distribution's CDF in double precision, is rounding. */
const SMALLEST_P_VALUE = 1e-12;

/** A p-value to 3 significant digits, in powers of ten when small, or as a bound where rounding takes over. */
export function formatPValue(pValue: number): string {
  return pValue < SMALLEST_P_VALUE ? '< 10⁻¹²' : formatValue(pValue, 3);
}

/** The verdict on one sampler at α. */
export const verdict = (fit: FitTest) =>
  fit.pValue < ALPHA ? "rejected: not the target's distribution" : 'no evidence against p';

export const STATISTICS_COLUMNS = [
  'Sampler',
  'Samples so far',
  'χ²',
  'Degrees of freedom',
  'p-value',
  `Verdict at α = ${formatNumber(ALPHA)}`,
];

/** One row per sampler; a sampler that cannot be tested yet says why. */
export function statisticsRows(fits: Fits, samples: number, setup: SamplerSetup): string[][] {
  const names = seriesNames(setup);
  return (['speculative', 'target'] as const satisfies readonly Sampler[]).map((sampler) => {
    const fit = fits[sampler];
    const counted = `${formatInteger(samples)} tokens`;
    if (fit === undefined) return [names[sampler], counted, '—', '—', '—', 'too few samples to test'];
    return [
      names[sampler],
      counted,
      formatNumber(fit.statistic),
      formatInteger(fit.degreesOfFreedom),
      formatPValue(fit.pValue),
      verdict(fit),
    ];
  });
}

/** What the p-value means, and what it does as samples accumulate. */
export const P_VALUE_MEANING =
  `The p-value is the chance that tokens truly drawn from p would fit it this badly or worse: for a sampler that ` +
  `follows p it falls below α = ${formatNumber(ALPHA)} in only 1 run in ${formatInteger(1 / ALPHA)} at any given ` +
  `number of samples, while a wrong rule's p-value collapses toward 0 as its samples grow, the sooner the further ` +
  `its distribution is from p.`;
