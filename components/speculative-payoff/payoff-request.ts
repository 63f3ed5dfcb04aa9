/**
 * What one measurement of the payoff asks the engine for: every K from 1 to the largest chosen, each a run of its
 * own from the lesson's prompt, and how many tokens each run emits here. On the CPU fallback a verification costs
 * several decode steps, so runs there are kept shorter.
 */
import type { PayoffRequest, ProbeResult } from '@engine/index';
import { formatInteger } from '../charts/format';
import { DEFAULT_PROMPT } from '../speculative-stream/speculative-session';

/** The tokens-per-run slider: its range, and where it starts. */
export const RUN_TOKENS = { min: 16, max: 192, step: 16, unit: 'tokens' } as const;
export const DEFAULT_RUN_TOKENS = 96;
/** Tokens per run at most on the CPU fallback. */
export const CPU_RUN_TOKENS = 32;

export interface RunTokens {
  tokens: number;
  /** Why it differs from the number asked for, or ''. */
  note: string;
}

/** The tokens each run emits here: those asked for, at most CPU_RUN_TOKENS on the CPU fallback, saying so. */
export function runTokens(probe: ProbeResult | undefined, asked: number): RunTokens {
  const cpu = probe?.backend === 'cpu';
  const tokens = cpu ? Math.min(asked, CPU_RUN_TOKENS) : asked;
  const note = tokens < asked ? `On the CPU each run emits ${formatInteger(tokens)} tokens.` : '';
  return { tokens, note };
}

/** K = 1 … largestK, each `tokens` long, at `temperature` from `seed`. */
export function payoffRequest(
  largestK: number,
  tokens: number,
  temperature: number,
  seed: number,
): PayoffRequest {
  const draftTokens = Array.from({ length: largestK }, (_, i) => i + 1);
  return { prompt: DEFAULT_PROMPT, draftTokens, tokens, temperature, seed };
}
