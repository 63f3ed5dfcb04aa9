/**
 * Reading control values from the query string. Every parse returns a usable value; when the raw text was not
 * usable as given (not a number, out of range, off the step, not an option) it also returns a note saying what
 * was changed, so the page can show it instead of failing.
 */
import { nearestTickIndex } from './ticks';

export interface Parsed<T> {
  value: T;
  /** Set when the raw value was changed to make it valid. */
  note?: string;
}

/** How a control's value travels through the URL. */
export interface UrlCodec<T> {
  parse(raw: string): Parsed<T>;
  format(value: T): string;
  fallback: T;
}

export interface NumberRange {
  min: number;
  max: number;
  step: number;
}

/** Snap to the step grid that starts at min, then clamp into [min, max]. */
export function snapToRange(value: number, { min, max, step }: NumberRange): number {
  const snapped = min + Math.round((value - min) / step) * step;
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  const clean = Number(snapped.toFixed(Math.min(digits + 2, 12)));
  return Math.min(max, Math.max(min, clean));
}

/** Longest stretch of a raw value a note repeats; a longer one is cut with an ellipsis. */
export const NOTE_QUOTE_CHARS = 40;

/** The raw value in quotes for a note, cut at a whole character when it is long. */
export function quoted(raw: string): string {
  const chars = Array.from(raw);
  const shown = chars.length > NOTE_QUOTE_CHARS ? `${chars.slice(0, NOTE_QUOTE_CHARS).join('')}…` : raw;
  return `“${shown}”`;
}

/** A codec for numbers: text that is not a finite number reads as the fallback; `keep` judges the rest. */
function numeric(fallback: number, keep: (value: number) => Parsed<number>): UrlCodec<number> {
  return {
    fallback,
    format: (value) => String(value),
    parse(raw) {
      const text = raw.trim();
      const value = text === '' ? NaN : Number(text);
      if (Number.isFinite(value)) return keep(value);
      return { value: fallback, note: `${quoted(raw)} is not a number; using ${fallback}.` };
    },
  };
}

/** A number kept in [min, max] on the step grid. */
export function numberCodec(range: NumberRange, fallback: number): UrlCodec<number> {
  return numeric(fallback, (value) => {
    const kept = snapToRange(value, range);
    if (value < range.min) return { value: kept, note: `${value} is below the minimum; using ${kept}.` };
    if (value > range.max) return { value: kept, note: `${value} is above the maximum; using ${kept}.` };
    if (kept !== value)
      return { value: kept, note: `${value} is between steps of ${range.step}; using ${kept}.` };
    return { value: kept };
  });
}

/** One of a sorted set of numbers; any other number moves to the nearest, with `why` it was not allowed. */
export function tickCodec(ticks: readonly number[], fallback: number, why: string): UrlCodec<number> {
  return numeric(fallback, (value) => {
    const kept = ticks[nearestTickIndex(ticks, value)] ?? fallback;
    return kept === value ? { value: kept } : { value: kept, note: `${value} ${why}; using ${kept}.` };
  });
}

/** One of a fixed list of option values. */
export function choiceCodec<T extends string>(options: readonly T[], fallback: T): UrlCodec<T> {
  return {
    fallback,
    format: (value) => value,
    parse(raw) {
      const found = options.find((option) => option === raw);
      if (found !== undefined) return { value: found };
      return { value: fallback, note: `${quoted(raw)} is not one of the options; using ${fallback}.` };
    },
  };
}

/** A boolean written as 1 or 0 (true/false, on/off and yes/no also read). */
export function toggleCodec(fallback: boolean): UrlCodec<boolean> {
  const truthy = ['1', 'true', 'on', 'yes'];
  const falsy = ['0', 'false', 'off', 'no'];
  return {
    fallback,
    format: (value) => (value ? '1' : '0'),
    parse(raw) {
      const text = raw.trim().toLowerCase();
      if (truthy.includes(text)) return { value: true };
      if (falsy.includes(text)) return { value: false };
      return { value: fallback, note: `${quoted(raw)} is not on or off; using ${fallback ? 'on' : 'off'}.` };
    },
  };
}

/** The query-string key of a control: widget namespace, a dot, then the control's name. */
export function urlKey(ns: string, name: string): string {
  return `${ns}.${name}`;
}

/** A copy of `search` with `key` set to `value`, or removed when `value` is null. */
export function withParam(search: string, key: string, value: string | null): string {
  const params = new URLSearchParams(search);
  if (value === null) params.delete(key);
  else params.set(key, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
