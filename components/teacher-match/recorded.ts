/**
 * What the training scripts recorded about the models lesson 5 compares, read from the shipped model cards at build
 * time (site/lib/shipped-models.ts gives the cards; a lesson passes the result to the widget as a prop): each model's
 * validation loss over the whole validation split, including the two that are not shipped (the teacher pruned
 * without healing, as training/prune.py cut it, and the student's shape trained from scratch on the student's schedule,
 * as training/train.py recorded it), and the validation loss against training tokens seen. The pruned model healed on
 * fewer tokens than the student and its from-scratch twin saw (training/configs.py's heal schedule), so its curve
 * ends first. Nothing here is measured in the browser.
 */

/** The models compared: the four measured live, and scratch, known only from the record. */
export type RowKey = 'teacher' | 'unhealed' | 'pruned' | 'student' | 'scratch';

/** The models whose training curves were recorded. */
export type CurveKey = 'teacher' | 'pruned' | 'student' | 'scratch';

export interface RecordedCurve {
  key: CurveKey;
  /** Validation loss (nats per token) after `tokens` training tokens seen. */
  points: { tokens: number; nats: number }[];
}

/** The record the widget shows beside its measurements. */
export interface RecordedComparison {
  /** Validation loss over the whole validation split, nats per token, by model. */
  validation: Record<RowKey, number>;
  curves: RecordedCurve[];
}

/** The label of the unhealed cut (`shipped`: 'width' or 'depth') in prose-pruned's `pruning.comparison`, as
 * training/report.py writes it. */
export const unhealedLabel = (shipped: string) => `${shipped}-pruned target, not healed`;

type Card = Record<string, unknown>;

/** The value at `path` (dotted) in `card`, named in the error when it is missing. */
function at(card: Card, path: string): unknown {
  const value = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], card);
  if (value === undefined) throw new Error(`the model card has no ${path}`);
  return value;
}

const nats = (card: Card, path: string) => Number(at(card, path));

/** A card's curve as tokens seen against validation loss. */
function curve(card: Card, path: string): RecordedCurve['points'] {
  return (at(card, path) as { tokens: number; val_loss: number }[]).map((p) => ({
    tokens: p.tokens,
    nats: p.val_loss,
  }));
}

/** The comparison row of prose-pruned's card labelled `label`. */
function comparison(card: Card, label: string): number {
  const rows = at(card, 'pruning.comparison') as { label: string; nats_per_token: number }[];
  const row = rows.find((r) => r.label === label);
  if (!row) throw new Error(`prose-pruned's card compares no "${label}"`);
  return row.nats_per_token;
}

/** The record, from the cards of the shipped models named `ids` (each with its card, as shippedModels() lists them). */
export function recordedComparison(
  shipped: readonly { id: string; card: Card }[],
  ids = { teacher: 'prose-target', pruned: 'prose-pruned', student: 'prose-student' },
): RecordedComparison {
  const card = (id: string) => {
    const found = shipped.find((m) => m.id === id);
    if (!found) throw new Error(`No shipped model "${id}" to read the record from.`);
    return found.card;
  };
  const [teacher, pruned, student] = [card(ids.teacher), card(ids.pruned), card(ids.student)];
  return {
    validation: {
      teacher: nats(teacher, 'validation.nats_per_token'),
      unhealed: comparison(pruned, unhealedLabel(String(at(pruned, 'pruning.shipped')))),
      pruned: nats(pruned, 'validation.nats_per_token'),
      student: nats(student, 'validation.nats_per_token'),
      scratch: nats(student, 'distillation.scratch_baseline.validation.nats_per_token'),
    },
    curves: [
      { key: 'teacher', points: curve(teacher, 'curve') },
      { key: 'pruned', points: curve(pruned, 'curve') },
      { key: 'student', points: curve(student, 'curve') },
      { key: 'scratch', points: curve(student, 'distillation.scratch_baseline.curve') },
    ],
  };
}
