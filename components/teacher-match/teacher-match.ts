/**
 * What the side-by-side of lesson 5 measures and shows, apart from running it: the models in the line-up and their
 * names, and the measured matches (teacher-match job) and decode rates beside the
 * training scripts' record, as table rows, a readout and sentences computed from them.
 */
import type { TeacherMatch } from '@engine/index';
import { formatCount, formatInteger, formatNumber } from '../charts/format';
import type { TrainedModel } from '../frame/model-fit';
import { windowWords } from '../quant-quality/quant-quality';
import type { RecordedComparison, RowKey } from './recorded';

/** The shipped models compared: the teacher, the teacher pruned and healed, and the student of the same shape. */
export interface Lineup {
  teacher: TrainedModel;
  pruned: TrainedModel;
  student: TrainedModel;
}

/** The models measured live, in the order the run measures them. */
export type Contender = Exclude<RowKey, 'scratch'>;
export const CONTENDERS: readonly Contender[] = ['teacher', 'unhealed', 'pruned', 'student'];

/** Every row of the table, scratch last (recorded only). */
export const ROW_KEYS: readonly RowKey[] = [...CONTENDERS, 'scratch'];

/** Each row's name. */
export function rowLabel(key: RowKey, lineup: Lineup): string {
  switch (key) {
    case 'teacher':
      return `${lineup.teacher.id} (teacher)`;
    case 'unhealed':
      return `${lineup.teacher.id} pruned, not healed`;
    case 'pruned':
      return `${lineup.pruned.id} (pruned, healed)`;
    case 'student':
      return `${lineup.student.id} (distilled from random init)`;
    case 'scratch':
      return 'scratch (same shape, not shipped)';
  }
}

/** Timed batch-1 decode steps per model. */
export const DECODE_STEPS = 16;

/** What one run measures: the line-up, `windows` windows of `window` tokens, and the decode steps timed. */
export interface MatchPlan {
  lineup: Lineup;
  window: number;
  windows: number;
  steps: number;
}

/** One model measured: its match to the teacher so far, and its decode rate once timed. */
export interface MeasuredModel {
  key: Contender;
  match: TeacherMatch;
  /** Batch-1 decode on the page's backend, tokens per second; undefined until timed (or if cancelled first). */
  tokensPerSecond?: number;
}

/** A run's measurements in the order measured, and the windows each model was asked to score. */
export interface MatchResult {
  windows: number;
  /** Held-out tokens the pruning's activation importance was scored on. */
  calibrationTokens: number;
  models: MeasuredModel[];
}

/** One row as the table and the chart show it; the measured fields are absent until measured (always, for scratch). */
export interface MatchRow {
  key: RowKey;
  label: string;
  /** Counted from the model's shape. */
  parameters: number;
  /** Measured here. */
  match?: TeacherMatch;
  /** Whether every window asked for was scored. */
  complete: boolean;
  tokensPerSecond?: number;
  /** Recorded by the training scripts over the whole validation split, nats per token. */
  recordedNats: number;
}

/** Every row, measured or not yet, in ROW_KEYS' order. */
export function matchRows(
  result: MatchResult | undefined,
  lineup: Lineup,
  recorded: RecordedComparison,
): MatchRow[] {
  const parameters: Record<RowKey, number> = {
    teacher: lineup.teacher.parameters,
    unhealed: lineup.pruned.parameters, // cut to prose-pruned's widths
    pruned: lineup.pruned.parameters,
    student: lineup.student.parameters,
    scratch: lineup.student.parameters, // the student's shape
  };
  return ROW_KEYS.map((key) => {
    const measured = result?.models.find((m) => m.key === key);
    return {
      key,
      label: rowLabel(key, lineup),
      parameters: measured?.match.parameters ?? parameters[key],
      ...(measured && { match: measured.match }),
      complete: measured?.match.windows === result?.windows,
      ...(measured?.tokensPerSecond !== undefined && { tokensPerSecond: measured.tokensPerSecond }),
      recordedNats: recorded.validation[key],
    };
  });
}

/** The data table's columns, each saying where its numbers come from. */
export function matchColumns(where: string): string[] {
  return [
    'Model',
    'Parameters (counted)',
    'Weights in f32 (MB, counted)',
    'Perplexity, held-out windows (measured)',
    'Top-1 agreement with the teacher (%, measured)',
    'KL(teacher ‖ model) (nats/token, measured)',
    `Decode, batch 1 (tokens/s, measured on ${where})`,
    'Validation loss, whole split (nats/token, recorded by the training scripts)',
  ];
}

/** A row's cells under matchColumns. */
export function matchCells(row: MatchRow): string[] {
  const empty = row.key === 'scratch' ? 'not shipped' : '—';
  const scoring = row.match && !row.complete ? ' (scoring…)' : '';
  const measured = (value: ((m: TeacherMatch) => string) | undefined) =>
    row.match && value ? `${value(row.match)}${scoring}` : empty;
  return [
    row.label,
    formatInteger(row.parameters),
    measured((m) => formatNumber(m.weightBytes / 1e6)),
    measured((m) => formatNumber(m.perplexity, 4)),
    measured((m) => formatNumber(m.top1Agreement * 100)),
    measured((m) => formatNumber(m.meanKl)),
    row.tokensPerSecond === undefined ? empty : formatNumber(row.tokensPerSecond),
    formatNumber(row.recordedNats, 4),
  ];
}

/** The rows scored to the end, by key. */
function done(rows: readonly MatchRow[]): Partial<Record<RowKey, MatchRow & { match: TeacherMatch }>> {
  return Object.fromEntries(
    rows.filter((r) => r.match && r.complete).map((r) => [r.key, r as MatchRow & { match: TeacherMatch }]),
  );
}

const agreement = (m: TeacherMatch) => `${formatNumber(m.top1Agreement * 100)} %`;
const kl = (m: TeacherMatch) => `${formatNumber(m.meanKl)} nats/token`;
const closeness = (m: TeacherMatch) =>
  `perplexity ${formatNumber(m.perplexity, 4)}, top-1 agreement with the teacher ${agreement(m)}, KL ${kl(m)}`;

/** What the measurements show, in sentences computed from them. */
export function describeMatch(rows: readonly MatchRow[], lineup: Lineup, window: number): string {
  const { teacher, unhealed, pruned, student } = done(rows);
  const scratch = rows.find((r) => r.key === 'scratch')!;
  const parts: string[] = [];
  const first = teacher ?? unhealed ?? pruned ?? student;
  if (!first) parts.push('No model has been scored to the end yet.');
  else
    parts.push(
      `Measured on ${windowWords(first.match.windows)} of ${formatInteger(window)} held-out tokens ` +
        `(${formatInteger(first.match.tokens)} predictions per model), on the CPU in the engine's worker.`,
    );
  if (teacher)
    parts.push(
      `The teacher, ${lineup.teacher.id}, scores a perplexity of ${formatNumber(teacher.match.perplexity, 4)}.`,
    );
  if (unhealed)
    parts.push(
      `Cut to ${formatCount(unhealed.parameters, 3)} parameters by activation importance and not healed: ${closeness(unhealed.match)}.`,
    );
  if (pruned) parts.push(`Healed by distillation (${lineup.pruned.id}): ${closeness(pruned.match)}.`);
  if (student)
    parts.push(
      `The same shape distilled from random init (${lineup.student.id}): ${closeness(student.match)}.`,
    );
  parts.push(
    `Trained from scratch on the student's tokens, the same shape recorded ${formatNumber(scratch.recordedNats, 4)} ` +
      `nats/token (perplexity ${formatNumber(Math.exp(scratch.recordedNats), 4)}), recorded by training/train.py on ` +
      'the whole validation split; its weights were not shipped, so nothing of it is measured here.',
  );
  return parts.join(' ');
}

/** Decode speed of the healed model against the teacher's, in a sentence, once both are timed. */
export function describeSpeed(rows: readonly MatchRow[], lineup: Lineup, where: string): string | undefined {
  const teacher = rows.find((r) => r.key === 'teacher')?.tokensPerSecond;
  const pruned = rows.find((r) => r.key === 'pruned')?.tokensPerSecond;
  if (teacher === undefined || pruned === undefined) return undefined;
  return (
    `Decoding one sequence on ${where}, ${lineup.pruned.id} runs at ${formatNumber(pruned)} tokens/s and the ` +
    `teacher at ${formatNumber(teacher)}: ${formatNumber(pruned / teacher, 2)} times as fast, with ` +
    `${formatNumber(lineup.teacher.parameters / lineup.pruned.parameters, 2)} times fewer parameters.`
  );
}

/** Figures above the chart, all measured here. */
export function matchReadout(rows: readonly MatchRow[]) {
  const { teacher, unhealed, pruned, student } = done(rows);
  const speed = (key: RowKey) => rows.find((r) => r.key === key)?.tokensPerSecond;
  const [fast, slow] = [speed('pruned'), speed('teacher')];
  const item = (label: string, value: string) => ({ label, value, provenance: 'measured' as const });
  return [
    ...(teacher ? [item('Teacher perplexity', formatNumber(teacher.match.perplexity, 4))] : []),
    ...(unhealed && pruned
      ? [
          item(
            'KL to the teacher, not healed → healed',
            `${formatNumber(unhealed.match.meanKl)} → ${kl(pruned.match)}`,
          ),
        ]
      : []),
    ...(pruned && student
      ? [
          item(
            'Top-1 agreement, healed vs from random init',
            `${agreement(pruned.match)} vs ${agreement(student.match)}`,
          ),
        ]
      : []),
    ...(fast !== undefined && slow !== undefined
      ? [item('Decode speed, healed ÷ teacher', `× ${formatNumber(fast / slow, 3)}`)]
      : []),
  ];
}
