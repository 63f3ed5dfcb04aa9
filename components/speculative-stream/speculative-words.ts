/**
 * The speculative stream in words: what one verification did, for the live announcement, and what happened at a
 * chosen position (the acceptance test against the uniform draw, the residual a rejection resamples from, the bonus
 * after K accepts). Pure: the stream model's items in, sentences out.
 */
import type { StepView } from '@engine/index';
import { formatNumber } from '../charts/format';
import { tokenLabel } from '../next-token/token-label';
import type { ChosenPosition } from './stream-items';

/** A token's text quoted, its whitespace visible. */
export const quoted = (text: string) => `‘${tokenLabel(text)}’`;

/** One verification, as the live region announces it when the stream reveals it. */
export function stepSentence(view: StepView, index: number, total: number): string {
  const K = view.overlap.length;
  const accepted = view.drafted.filter((d) => d.accepted).length;
  const head = `Verification ${index + 1} of ${total}: ${accepted} of ${K} drafted tokens accepted`;
  if (view.final.kind === 'bonus') return `${head}, then the bonus ${quoted(view.final.text)}.`;
  const rejected = view.drafted.at(-1)!;
  return `${head}; ${quoted(rejected.text)} rejected and ${quoted(view.final.text)} resampled.`;
}

/** The acceptance test at a drafted position, or how the bonus token was drawn. */
export function fateSentence(chosen: ChosenPosition): string {
  if (chosen.kind === 'bonus') {
    const bar = chosen.view.bars.find((b) => b.token === chosen.bonus.token);
    return (
      `All ${chosen.draftTokens} drafted tokens were accepted, so the target's one forward had a position to ` +
      `spare: ${quoted(chosen.bonus.text)} was sampled from the target's p there` +
      `${bar ? ` (p = ${formatNumber(bar.p)})` : ''}. The draft proposed nothing at this position, so there is no q.`
    );
  }
  const { text, p, q, acceptance, draw, accepted } = chosen.fate;
  return (
    `The draft proposed ${quoted(text)} with q = ${formatNumber(q)}; the target gives p = ${formatNumber(p)}; ` +
    `accepted with probability min(1, p/q) = ${formatNumber(acceptance)}; the uniform draw was ` +
    `${formatNumber(draw)}, ${accepted ? 'below' : 'not below'} it → ${accepted ? 'accepted' : 'rejected'}.`
  );
}

/** After a rejection: the token drawn from the residual, and its share of it. */
export function residualSentence(chosen: ChosenPosition): string | undefined {
  if (chosen.kind !== 'drafted' || !chosen.resampled) return undefined;
  const share = chosen.view.bars.find((b) => b.token === chosen.resampled!.token)?.residual ?? 0;
  return (
    `The rejection ends the step: its last token, ${quoted(chosen.resampled.text)}, was drawn from the residual ` +
    `max(p − q, 0), normalised, which gives it ${formatNumber(share)}; the rejected ${quoted(chosen.fate.text)} ` +
    `gets 0 there, since the draft gave it more than the target.`
  );
}

/** Why nothing is left to chance at temperature 0. */
export const GREEDY_NOTE =
  'At temperature 0 both models decode greedily: each distribution is one-hot at its most likely token, so ' +
  'min(1, p/q) is 1 or 0 and every accept or reject is certain, whatever the draw.';
