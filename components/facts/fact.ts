/**
 * A number the prose quotes, with its unit and provenance, so no figure is typed into a lesson by hand:
 * lessons render facts computed here, from the analytic model or from published presets.
 */
import type { Source } from '@engine/index';
import { formatInteger, formatNumber, formatSi } from '../charts/format';

export type Provenance = 'analytic' | 'measured' | 'published';

export interface Fact {
  value: number;
  /** Unit written after the number (may be empty for pure ratios). */
  unit: string;
  /** How the number was obtained. */
  provenance: Provenance;
  /** Number as the prose shows it, unit included. */
  text: string;
  /** What the number is, for a tooltip and screen readers. */
  about: string;
  source?: Source;
}

/** Build a fact; `text` defaults to the value at three significant digits followed by the unit. */
export function fact(fields: Omit<Fact, 'text'> & { text?: string }): Fact {
  return { ...fields, text: fields.text ?? `${formatNumber(fields.value)} ${fields.unit}`.trim() };
}

/** A number the analytic model computes, written as `text`, with the source of the figures it starts from. */
function computed(value: number, unit: string, text: string, about: string, source?: Source): Fact {
  return fact({ value, unit, text, provenance: 'analytic', about, ...(source ? { source } : {}) });
}

/** Bytes the analytic model computes, in SI units. */
export function bytes(value: number, about: string, source?: Source): Fact {
  return computed(value, 'B', formatSi(value, 'B'), about, source);
}

/** A whole number of things the analytic model computes. */
export function count(value: number, unit: string, about: string, source?: Source): Fact {
  return computed(value, unit, `${formatInteger(value)} ${unit}`.trim(), about, source);
}

/** Any other number the analytic model computes, at three significant digits. */
export function figure(value: number, unit: string, about: string, source?: Source): Fact {
  return computed(value, unit, `${formatNumber(value)} ${unit}`.trim(), about, source);
}

/** A figure a paper or report published, quoted with its source. */
export function published(value: number, unit: string, text: string, about: string, source: Source): Fact {
  return fact({ value, unit, text, provenance: 'published', about, source });
}

/** The context a model was trained for, as its preset's source publishes it (config.json max_position_embeddings). */
export function trainedContext(model: { name: string; context: number; source: Source }): Fact {
  return published(
    model.context,
    'tokens',
    `${formatInteger(model.context)} tokens`,
    `${model.name} context length (config.json max_position_embeddings)`,
    model.source,
  );
}

/** A predict-then-reveal exercise: the computed answer and the worked steps. */
export interface ExerciseAnswer {
  answer: Fact;
  /** The working, one step per line, with computed numbers. */
  working: string[];
}
