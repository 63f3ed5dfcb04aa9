/**
 * One speculative step as a page draws it: every drafted token's fate with its text, and for each examined position
 * the few tokens worth a bar (the most likely under either model, the drafted token, the token resampled there) with
 * their p, q and, at a rejection, the residual they were resampled from. Also, for every drafted position, the
 * overlap Σ min(p, q): the probability that the draft's token is accepted there, whose mean is α (Leviathan et al.
 * 2023, definition 3.1). Whole rows are not sent: the vocabulary is thousands of tokens, a bar chart shows ten.
 */
import type { Tokenizer } from '../model/tokenizer';
import type { SpeculativeStep } from './speculative-decode';
import type { DraftedFate } from './speculative';
import { topIds } from './top-ids';

/** Tokens kept per position besides the drafted and resampled ones: the most likely under p and under q. */
export const BARS_PER_MODEL = 6;

export interface TokenBar {
  token: number;
  text: string;
  /** The target's and the draft's probability of it, and the residual's at a rejected position. */
  p: number;
  q: number;
  residual?: number;
}

export interface PositionView {
  /** The tokens with bars, the most likely under the target first. */
  bars: TokenBar[];
  /** Probability mass the bars leave out, under p and under q. */
  restP: number;
  restQ: number;
}

export interface StepView {
  /** The drafted tokens examined, in order, with their text: every accepted one, then the rejected one if any. */
  drafted: (DraftedFate & { text: string })[];
  /** How the step's last token was chosen, and its text. */
  final: { kind: 'resampled' | 'bonus'; token: number; text: string };
  /** One per examined drafted position, then the bonus position's after K accepts (its q is 0: nothing was drafted). */
  positions: PositionView[];
  /** Σ min(p, q) at each of the K drafted positions, examined or not. */
  overlap: number[];
  draftSeconds: number;
  verifySeconds: number;
}

/** Σ min(p, q): the chance a token drawn from q is accepted against p. */
export function overlapOf(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += Math.min(p[i]!, q[i]!);
  return sum;
}

function position(
  p: ArrayLike<number>,
  q: ArrayLike<number> | undefined,
  must: number[],
  residual: ArrayLike<number> | undefined,
  text: (token: number) => string,
): PositionView {
  const ids = new Set([...topIds(p, BARS_PER_MODEL), ...(q ? topIds(q, BARS_PER_MODEL) : []), ...must]);
  const bars = [...ids]
    .map((token) => ({
      token,
      text: text(token),
      p: p[token]!,
      q: q?.[token] ?? 0,
      ...(residual && { residual: residual[token]! }),
    }))
    .sort((a, b) => b.p - a.p || b.q - a.q);
  const sum = (key: 'p' | 'q') => bars.reduce((s, bar) => s + bar[key], 0);
  return { bars, restP: Math.max(0, 1 - sum('p')), restQ: q ? Math.max(0, 1 - sum('q')) : 0 };
}

export function stepView(step: SpeculativeStep, tokenizer: Tokenizer): StepView {
  const text = (token: number) => tokenizer.decode([token]);
  const { drafted, final, p, q } = step;
  const positions = drafted.map((fate, i) => {
    const rejected = !fate.accepted && final.kind === 'resampled';
    return position(
      p[i]!,
      q[i]!,
      rejected ? [fate.token, final.token] : [fate.token],
      rejected ? final.residual : undefined,
      text,
    );
  });
  if (final.kind === 'bonus')
    positions.push(position(p[drafted.length]!, undefined, [final.token], undefined, text));
  return {
    drafted: drafted.map((fate) => ({ ...fate, text: text(fate.token) })),
    final: { kind: final.kind, token: final.token, text: text(final.token) },
    positions,
    overlap: q.map((row, i) => overlapOf(p[i]!, row)),
    draftSeconds: step.draftSeconds,
    verifySeconds: step.verifySeconds,
  };
}
