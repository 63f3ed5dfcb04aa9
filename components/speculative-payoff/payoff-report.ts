/**
 * The words and tables around lesson 6's measured payoff, every number from the run: the readout, each chart in a
 * sentence, the verdict on whether a verification costs about one decode step on this device (and why not, where it
 * does not), and the table of every K, each column labelled measured or formula.
 */
import { formatInteger, formatNumber, formatSeconds } from '../charts/format';
import { bestRow, largestRow, type Payoff, type PayoffRow } from './payoff';

/** A verification costing up to this many target decode steps counts as costing about one. */
export const ABOUT_ONE_STEP = 1.5;

/** The backend the run measured, as the engine's probe names it. */
export type Backend = 'cpu' | 'webgpu';

/** "×1.38". */
export const formatSpeedup = (speedup: number) => `×${formatNumber(speedup)}`;

const steps = (n: number) => `${formatNumber(n)} target decode step${n === 1 ? '' : 's'}`;

export function payoffReadout(payoff: Payoff) {
  const { alpha, c, target, draft, rows } = payoff;
  const largest = largestRow(rows);
  const best = bestRow(rows);
  const measured = 'measured' as const;
  return [
    { label: 'Acceptance rate α, all K', value: formatNumber(alpha), provenance: measured },
    {
      label: 'Draft step ÷ target step, c',
      value: `${formatNumber(c)} (${formatSeconds(draft.stepSeconds)} ÷ ${formatSeconds(target.stepSeconds)})`,
      provenance: measured,
    },
    {
      label: `Verifying K + 1 = ${formatInteger(largest.K + 1)} tokens`,
      value: `${steps(largest.verifySteps)} (${formatSeconds(largest.verifySeconds)})`,
      provenance: measured,
    },
    {
      label: 'Target alone',
      value: `${formatNumber(target.tokensPerSecond)} tokens/s`,
      provenance: measured,
    },
    {
      label: 'Best speedup',
      value: `${formatSpeedup(best.speedup)} at K = ${formatInteger(best.K)}`,
      provenance: measured,
    },
  ];
}

/** "1.7 at K = 1 to 3.1 at K = 8", or "1.7 at K = 1" when one K is measured. */
function span(rows: readonly PayoffRow[], value: (row: PayoffRow) => string): string {
  const [first, last] = [rows[0]!, rows.at(-1)!];
  const at = (row: PayoffRow) => `${value(row)} at K = ${formatInteger(row.K)}`;
  return first === last ? at(first) : `${at(first)} to ${at(last)}`;
}

const byK = (rows: readonly PayoffRow[]) => [...rows].sort((a, b) => a.K - b.K);

export function describeTokens({ alpha, rows }: Payoff): string {
  const sorted = byK(rows);
  return (
    `Tokens per verification, measured: ${span(sorted, (r) => formatNumber(r.tokensPerStep))}; the formula ` +
    `(1 − α^(K+1)) / (1 − α) at the overall α of ${formatNumber(alpha)} gives ` +
    `${span(sorted, (r) => formatNumber(r.formulaTokens))}.`
  );
}

export function describeSpeedup({ c, rows }: Payoff): string {
  const sorted = byK(rows);
  return (
    `Speedup over the target alone, measured: ${span(sorted, (r) => formatSpeedup(r.speedup))}. The paper's ` +
    `formula, with c = ${formatNumber(c)} and a verification costing one decode step, predicts ` +
    `${span(sorted, (r) => formatSpeedup(r.paperSpeedup))}; with this device's measured verification instead, ` +
    `${span(sorted, (r) => formatSpeedup(r.deviceSpeedup))}.`
  );
}

/** Whether a verification costs about one decode step here, why not where it does not, and whether it paid. */
export function verdict(payoff: Payoff, backend: Backend): string {
  return `${verificationCost(largestRow(payoff.rows), backend)} ${paid(payoff)}`;
}

/** The largest K's verification in target decode steps: about one, as the trick needs, or why more. */
function verificationCost(largest: PayoffRow, backend: Backend): string {
  const positions = formatInteger(largest.K + 1);
  const cost =
    `A verification of K + 1 = ${positions} tokens cost ${steps(largest.verifySteps)} here ` +
    `(measured at K = ${formatInteger(largest.K)})`;
  if (largest.verifySteps <= ABOUT_ONE_STEP)
    return (
      `${cost}, about one, as the trick needs: the extra positions ride on what a step pays once however many ` +
      `it scores, reading the target's weights and, for models this small, the fixed cost of running a step at all.`
    );
  if (backend === 'cpu')
    return (
      `${cost}, clearly more than one. On the CPU fallback the forward is compute-bound: every position does ` +
      `its own multiply-adds over every weight on the same few cores, so the cost grows with the positions, ` +
      `towards ${positions} times one step's, and scoring the drafts in one pass saves little.`
    );
  return (
    `${cost}, clearly more than one. Models this small do not make decode memory-bound on this GPU: a step's ` +
    `time goes to the fixed cost of each dispatch and to reading the logits back rather than to reading ` +
    `weights, so the extra positions find no weight read of the target's to share.`
  );
}

/** Whether any K beat the target alone, as measured. */
function paid({ c, rows }: Payoff): string {
  const best = bestRow(rows);
  const at = `${formatSpeedup(best.speedup)}, at K = ${formatInteger(best.K)}`;
  if (best.speedup > 1) return `Measured, the best speedup is ${at}.`;
  return (
    `Measured, no K beat the target alone (the best was ${at}): each verification also waits for K draft ` +
    `steps of c = ${formatNumber(c)} target steps each.`
  );
}

export const PAYOFF_COLUMNS = [
  'K (drafted per verification)',
  'α (measured)',
  'Tokens per verification (measured)',
  'Tokens per verification (formula, overall α)',
  'Tokens/s (measured)',
  'Speedup (measured)',
  "Speedup (paper's formula, measured c)",
  'Speedup (formula, measured verification)',
  'Verification in target decode steps (measured)',
  'Draft forward (measured)',
  'Verification (measured)',
] as const;

export function payoffTable(rows: readonly PayoffRow[]): string[][] {
  return byK(rows).map((r) => [
    formatInteger(r.K),
    formatNumber(r.alpha),
    formatNumber(r.tokensPerStep),
    formatNumber(r.formulaTokens),
    formatNumber(r.tokensPerSecond),
    formatSpeedup(r.speedup),
    formatSpeedup(r.paperSpeedup),
    formatSpeedup(r.deviceSpeedup),
    formatNumber(r.verifySteps),
    formatSeconds(r.draftForwardSeconds),
    formatSeconds(r.verifySeconds),
  ]);
}
