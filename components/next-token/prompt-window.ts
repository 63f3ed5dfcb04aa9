/**
 * The prompt as the models read it: a prompt longer than their positions is read by its last tokens (the next
 * token is predicted from the text's end), and the widget says so rather than failing or drawing nothing.
 */
import type { NextTokenResult } from '@engine/index';
import { formatInteger } from '../charts/format';

/** What a result says of the prompt's length. */
export type PromptWindow = Pick<NextTokenResult, 'promptTokens' | 'tokensRead' | 'positions'>;

/** The prompt's tokens, or the last ones read of them. */
export function promptTokensText(r: PromptWindow): string {
  return r.tokensRead < r.promptTokens
    ? `last ${formatInteger(r.tokensRead)} of ${formatInteger(r.promptTokens)}`
    : formatInteger(r.promptTokens);
}

/** Why only part of the prompt was read, or undefined when all of it was. */
export function trimNote(r: PromptWindow): string | undefined {
  if (r.tokensRead >= r.promptTokens) return undefined;
  return (
    `The prompt is ${formatInteger(r.promptTokens)} tokens and the models have ${formatInteger(r.positions)} ` +
    `positions, so both read its last ${formatInteger(r.tokensRead)} tokens.`
  );
}
