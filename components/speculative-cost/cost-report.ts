/**
 * The words and tables around the analytic speculative-decoding chart: the chosen K's step times, verification and
 * rates as a readout, the curve in a sentence, and every K as a table row. All analytic.
 */
import type { analytic } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds } from '../charts/format';
import { DRAFT, TARGET } from './cost-curves';

/** "×2.47". */
export const formatSpeedup = (speedup: number) => `×${formatNumber(speedup)}`;

/** The chosen K's figures. */
export function costReadout(cost: analytic.SpeculativeCost) {
  return [
    { label: `${TARGET.name} decode step`, value: formatSeconds(cost.targetStepSeconds) },
    { label: `${DRAFT.name} decode step`, value: formatSeconds(cost.draftStepSeconds) },
    { label: 'Draft step ÷ target step, c', value: formatNumber(cost.c) },
    {
      label: `Verifying K + 1 = ${formatInteger(cost.K + 1)} tokens`,
      value: `${formatSeconds(cost.verify.seconds)}, ${cost.verify.bound}-bound`,
    },
    { label: 'Tokens per verification', value: formatNumber(cost.expectedTokens) },
    {
      label: 'Tokens/s, plain → speculative',
      value: `${formatNumber(cost.plainTokensPerSecond)} → ${formatNumber(cost.tokensPerSecond)}`,
    },
    { label: 'Speedup', value: formatSpeedup(cost.speedup) },
  ];
}

/** The curve in one sentence: the chosen K, the paper's formula there, and the best K. */
export function describeCost(
  curve: readonly analytic.SpeculativeCost[],
  chosen: analytic.SpeculativeCost,
  best: analytic.SpeculativeCost,
  deviceName: string,
  S: number,
): string {
  const setting = `${TARGET.name} verifying ${DRAFT.name}'s drafts on the ${deviceName} at α = ${formatNumber(chosen.alpha)}, context ${formatInteger(S)} tokens`;
  const atK =
    `K = ${formatInteger(chosen.K)} gives ${formatSpeedup(chosen.speedup)} from the step times ` +
    `(the paper's formula, with c = ${formatNumber(chosen.c)}, gives ${formatSpeedup(chosen.paperSpeedup)})`;
  const first = curve[0]!;
  const last = curve.at(-1)!;
  const peak =
    best.speedup > 1
      ? `the best K is ${formatInteger(best.K)}, at ${formatSpeedup(best.speedup)}`
      : `no K from ${formatInteger(first.K)} to ${formatInteger(last.K)} beats plain decoding`;
  return `${setting}: ${atK}; ${peak}.`;
}

export const COST_COLUMNS = [
  'K (drafted per verification)',
  'Tokens per verification',
  'Verification of K + 1 tokens',
  'Verification bound by',
  'Speculative step (K drafts + verification)',
  'Tokens/s',
  'Speedup (step times)',
  "Speedup (paper's formula)",
] as const;

export function costTable(curve: readonly analytic.SpeculativeCost[]): string[][] {
  return curve.map((cost) => [
    formatInteger(cost.K),
    formatNumber(cost.expectedTokens),
    formatSeconds(cost.verify.seconds),
    cost.verify.bound,
    formatSeconds(cost.stepSeconds),
    formatNumber(cost.tokensPerSecond),
    formatSpeedup(cost.speedup),
    formatSpeedup(cost.paperSpeedup),
  ]);
}
