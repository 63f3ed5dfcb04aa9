/**
 * The token stream as the widget shows it: each verification's tokens in order (the drafted tokens it accepted, the
 * drafted token it rejected, then the token it resampled or the bonus token), each tied to the position whose
 * distributions explain it, and the position a reader sees first. Pure: the job's StepViews in, items out.
 */
import type { PositionView, StepView } from '@engine/index';

/** What happened to a token of the stream. */
export type TokenKind = 'accepted' | 'rejected' | 'resampled' | 'bonus';

/** One position of one verification: `position` indexes the step's `positions` (K for the bonus). */
export interface Selection {
  step: number;
  position: number;
}

export interface StreamToken extends Selection {
  kind: TokenKind;
  token: number;
  text: string;
}

export interface StreamStep {
  step: number;
  tokens: StreamToken[];
}

/** The drafted tokens' fates, then how the step ended, one item each, tied to its position. */
export function streamSteps(steps: readonly StepView[]): StreamStep[] {
  return steps.map((view, step) => {
    const drafted = view.drafted.map(({ token, text, accepted }, position) => ({
      step,
      position,
      kind: (accepted ? 'accepted' : 'rejected') as TokenKind,
      token,
      text,
    }));
    const { kind, token, text } = view.final;
    // The resampled token replaces the rejected one at its position; the bonus has a position of its own.
    const position = kind === 'resampled' ? view.drafted.length - 1 : view.drafted.length;
    return { step, tokens: [...drafted, { step, position, kind, token, text }] };
  });
}

/** The first rejection of the first step that has one, else the first position: where the rule is most visible. */
export function defaultSelection(steps: readonly StepView[]): Selection | undefined {
  const step = steps.findIndex((view) => view.final.kind === 'resampled');
  if (step >= 0) return { step, position: steps[step]!.drafted.length - 1 };
  return steps.length ? { step: 0, position: 0 } : undefined;
}

/** What one chosen position holds: a drafted token's fate (and the token resampled there), or the bonus token. */
export type ChosenPosition = { view: PositionView } & (
  | {
      kind: 'drafted';
      fate: StepView['drafted'][number];
      resampled?: { token: number; text: string };
    }
  | { kind: 'bonus'; bonus: { token: number; text: string }; draftTokens: number }
);

export function chosenPosition(steps: readonly StepView[], { step, position }: Selection): ChosenPosition {
  const view = steps[step]!;
  const at = view.positions[position]!;
  const fate = view.drafted[position];
  const { kind, token, text } = view.final;
  if (!fate) return { kind: 'bonus', view: at, bonus: { token, text }, draftTokens: view.drafted.length };
  const resampled = kind === 'resampled' && !fate.accepted ? { token, text } : undefined;
  return { kind: 'drafted', view: at, fate, ...(resampled && { resampled }) };
}
