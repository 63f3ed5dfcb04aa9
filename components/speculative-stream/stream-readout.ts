/**
 * The figures over a run's verifications, every one measured on this device by the run: how many verifications,
 * tokens emitted and their ratio, α as the mean overlap Σ min(p, q) over drafted positions (Leviathan et al. 2023,
 * definition 3.1), and the mean wall-clock time of a verification's K draft forwards and of its one target forward.
 */
import type { StepView } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds } from '../charts/format';
import { formatPercent } from '../number-formats/value-text';

export interface StreamTotals {
  verifications: number;
  emitted: number;
  /** Mean Σ min(p, q) over every drafted position of every verification. */
  alpha: number;
  draftSeconds: number;
  verifySeconds: number;
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** The totals of a run's steps; undefined before the first. */
export function streamTotals(steps: readonly StepView[]): StreamTotals | undefined {
  if (steps.length === 0) return undefined;
  return {
    verifications: steps.length,
    emitted: steps.reduce((sum, s) => sum + s.drafted.filter((d) => d.accepted).length + 1, 0),
    alpha: mean(steps.flatMap((s) => s.overlap)),
    draftSeconds: mean(steps.map((s) => s.draftSeconds)),
    verifySeconds: mean(steps.map((s) => s.verifySeconds)),
  };
}

export function readoutItems(totals: StreamTotals | undefined) {
  const value = (f: (t: StreamTotals) => string) => (totals ? f(totals) : '—');
  return [
    { label: 'Verifications run', value: value((t) => formatInteger(t.verifications)) },
    { label: 'Tokens emitted', value: value((t) => `${formatInteger(t.emitted)} tokens`) },
    {
      label: 'Tokens per verification',
      value: value((t) => `${formatNumber(t.emitted / t.verifications)} tokens`),
    },
    { label: 'α: mean Σ min(p, q) over drafted positions', value: value((t) => formatPercent(t.alpha)) },
    { label: 'Drafting, per verification', value: value((t) => formatSeconds(t.draftSeconds)) },
    { label: 'Verifying, per verification', value: value((t) => formatSeconds(t.verifySeconds)) },
  ].map((item) => ({ ...item, provenance: 'measured' as const }));
}
