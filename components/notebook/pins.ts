/**
 * The lab notebook's pins: a data table as the reader pinned it (the JSON export's fields, so the page and settings
 * that made it come with it) plus the figure it belongs to and the device and browser it ran on, kept in the
 * browser's storage so that a later visit, on this machine or after another setting, can set the two side by side.
 * Whatever is read back, from storage or from a file a colleague sent, is checked field by field: a bad one is
 * refused with the field named, never half read.
 */
import type { TableExport } from '../export/table-export';

/** One pinned table. */
export interface Pin extends TableExport {
  /** The figure's anchor on its lesson page (figure-name.ts), which groups pins to compare. */
  figure: string;
  /** The device the numbers were computed or measured on, in words ("not recorded" for an imported export). */
  device: string;
  /** The browser, from its user-agent string. */
  browser: string;
}

/** The storage key the notebook keeps its pins under. */
export const PINS_KEY = 'memory-bound/pins';

/** The most pins kept: a pin is a few kilobytes, and storage holds about five megabytes per site. */
export const MAX_PINS = 200;

type Fields = Record<string, unknown>;

function text(value: Fields, key: string, where: string): string {
  const field = value[key];
  if (typeof field !== 'string') throw new Error(`${where}: “${key}” is not text`);
  return field;
}

function textRow(value: unknown, where: string, width: number): string[] {
  if (!Array.isArray(value) || value.some((cell) => typeof cell !== 'string'))
    throw new Error(`${where} is not a list of text cells`);
  if (value.length !== width) throw new Error(`${where} has ${value.length} cells, not ${width}`);
  return [...value] as string[];
}

/** A table export read from `value` (parsed JSON), or an error naming the first field that is wrong. */
export function parseTableExport(value: unknown, where = 'the file'): TableExport {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${where} does not hold a JSON object`);
  const fields = value as Fields;
  if (fields.format !== 'memory-bound/table')
    throw new Error(`${where} is not a memory-bound table: its “format” is ${JSON.stringify(fields.format)}`);
  if (fields.version !== 1)
    throw new Error(
      `${where} is version ${JSON.stringify(fields.version)} of the table format; this page reads 1`,
    );
  if (!Array.isArray(fields.columns) || fields.columns.length === 0)
    throw new Error(`${where}: “columns” is not a list of headings`);
  const columns = textRow(fields.columns, `${where}: “columns”`, fields.columns.length);
  if (!Array.isArray(fields.rows)) throw new Error(`${where}: “rows” is not a list`);
  const rows = fields.rows.map((row, i) => textRow(row, `${where}: row ${i + 1}`, columns.length));
  const exported = text(fields, 'exported', where);
  if (Number.isNaN(Date.parse(exported))) throw new Error(`${where}: “exported” is not a date and time`);
  const link = text(fields, 'link', where);
  // The notebook links to it: a web address only (a javascript: one would run on a click).
  if (!URL.canParse(link) || !['http:', 'https:'].includes(new URL(link).protocol))
    throw new Error(`${where}: “link” is not a web address`);
  return {
    format: 'memory-bound/table',
    version: 1,
    caption: text(fields, 'caption', where),
    columns,
    rows,
    link,
    ...(fields.figure !== undefined && { figure: text(fields, 'figure', where) }),
    exported,
  };
}

/** A pin read from `value`, checked as parseTableExport checks a table, plus its own fields. */
export function parsePin(value: unknown, where: string): Pin {
  const table = parseTableExport(value, where);
  const fields = value as Fields;
  return {
    ...table,
    figure: text(fields, 'figure', where),
    device: text(fields, 'device', where),
    browser: text(fields, 'browser', where),
  };
}

/** The pins kept in `storage`, oldest first; what cannot be read is reported in `problems` and left out. */
export function readPins(storage: Storage | undefined): { pins: Pin[]; problems: string[] } {
  const raw = storage?.getItem(PINS_KEY);
  if (!raw) return { pins: [], problems: [] };
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    return { pins: [], problems: ['The saved pins are not valid JSON; they were left as they are.'] };
  }
  if (!Array.isArray(list)) return { pins: [], problems: ['The saved pins are not a list.'] };
  const pins: Pin[] = [];
  const problems: string[] = [];
  list.forEach((entry, i) => {
    try {
      pins.push(parsePin(entry, `pin ${i + 1}`));
    } catch (error) {
      problems.push((error as Error).message);
    }
  });
  return { pins, problems };
}

/** What changing the notebook did: how many entries it holds now, or why nothing changed. */
export type PinsChange = { ok: true; count: number } | { ok: false; reason: string };

/** Apply `change` to the stored list as it is, entries this page cannot read included, and store it again. */
function changeStored(storage: Storage | undefined, change: (list: unknown[]) => unknown[]): PinsChange {
  if (!storage) return { ok: false, reason: 'this browser keeps no storage for this page' };
  const raw = storage.getItem(PINS_KEY);
  let list: unknown = [];
  try {
    if (raw) list = JSON.parse(raw);
  } catch {
    list = undefined;
  }
  if (!Array.isArray(list))
    return { ok: false, reason: 'the saved pins cannot be read (the notebook page says why)' };
  const next = change(list).slice(-MAX_PINS);
  try {
    storage.setItem(PINS_KEY, JSON.stringify(next));
  } catch {
    return { ok: false, reason: 'the browser’s storage for this site is full' };
  }
  return { ok: true, count: next.length };
}

/** Add `pins` to the notebook, in order (the oldest go past MAX_PINS). */
export function appendPins(storage: Storage | undefined, pins: readonly Pin[]): PinsChange {
  return changeStored(storage, (list) => [...list, ...pins]);
}

/** Take the pin with `key` (pinKey) out of the notebook. */
export function removePin(storage: Storage | undefined, key: string): PinsChange {
  return changeStored(storage, (list) =>
    list.filter((entry) => {
      try {
        return pinKey(parsePin(entry, 'a pin')) !== key;
      } catch {
        return true;
      }
    }),
  );
}

/** Empty the notebook, unreadable entries too. */
export function clearPins(storage: Storage | undefined): PinsChange {
  return changeStored(storage, () => []);
}

/** A stable key for a pin: when it was exported and its figure. */
export function pinKey(pin: Pin): string {
  return `${pin.figure} ${pin.exported}`;
}
