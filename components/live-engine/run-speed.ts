/**
 * The live engine's measured speeds over a run so far: the prefill's tokens and time, and the decode rate over the
 * decode steps alone (wall clock around each forward call, including the read-back of logits).
 */
import type { GeneratedStep } from '@engine/index';

export interface RunSpeed {
  prefillTokens: number;
  prefillSeconds: number;
  decodeTokens: number;
  decodeSeconds: number;
  /** Decode tokens per second, or undefined before the first decode step. */
  decodeRate: number | undefined;
}

/** The speeds of the steps generated so far. */
export function runSpeed(steps: readonly Omit<GeneratedStep, 'cache'>[]): RunSpeed {
  const prefill = steps.find((s) => s.phase === 'prefill');
  const decode = steps.filter((s) => s.phase === 'decode');
  const decodeSeconds = decode.reduce((sum, s) => sum + s.seconds, 0);
  return {
    prefillTokens: prefill?.tokensIn ?? 0,
    prefillSeconds: prefill?.seconds ?? 0,
    decodeTokens: decode.length,
    decodeSeconds,
    decodeRate: decode.length > 0 && decodeSeconds > 0 ? decode.length / decodeSeconds : undefined,
  };
}
