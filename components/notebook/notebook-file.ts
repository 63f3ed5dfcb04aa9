/**
 * The lab notebook as one file, to keep or send: every pin with its device, browser and time, in a JSON object that
 * names its format and version, or as one CSV for a spreadsheet, a line per cell (pins' tables differ in columns). Importing reads either that file or a single figure's table export (which becomes
 * one pin whose device is not recorded), checking every pin as the notebook checks its own storage.
 */
import { tableCsv } from '../export/table-export';
import { listed } from '../charts/format';
import { MAX_PINS, parsePin, parseTableExport, pinKey, type Pin } from './pins';

/** What the notebook's JSON export holds. */
export interface NotebookExport {
  format: 'memory-bound/notebook';
  version: 1;
  /** When it was exported, as an ISO 8601 date and time. */
  exported: string;
  /** The pins, oldest first. */
  pins: Pin[];
}

/** The notebook as JSON (two-space indented, with a final newline). */
export function notebookJson(pins: readonly Pin[], exported: Date): string {
  const data: NotebookExport = {
    format: 'memory-bound/notebook',
    version: 1,
    exported: exported.toISOString(),
    pins: [...pins],
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** The notebook as CSV in long form: one line per cell of every pin, after the pin's figure, time, device and row. */
export function notebookCsv(pins: readonly Pin[]): string {
  const columns = ['Figure', 'Pinned', 'Device', 'Browser', 'Caption', 'Row', 'Column', 'Value'];
  const lines = pins.flatMap((pin) =>
    pin.rows.flatMap((row, i) =>
      row.map((cell, j) => [
        pin.figure,
        pin.exported,
        pin.device,
        pin.browser,
        pin.caption,
        String(i + 1),
        pin.columns[j]!,
        cell,
      ]),
    ),
  );
  return tableCsv(columns, lines);
}

/** What an imported table export is pinned as: its own figure, else the anchor of its link. */
function tableAsPin(value: unknown, where: string): Pin {
  const table = parseTableExport(value, where);
  return {
    ...table,
    figure: table.figure ?? (new URL(table.link).hash.slice(1) || 'imported'),
    device: 'not recorded (imported)',
    browser: 'not recorded (imported)',
  };
}

/**
 * The pins in an imported file's parsed JSON `value`, read from a notebook export or a table export; an error names
 * the file (`where`) and the first field or pin that is wrong, and nothing of a file with one bad pin is taken.
 */
export function importedPins(value: unknown, where: string): Pin[] {
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== 'memory-bound/notebook') return [tableAsPin(value, where)];
  const fields = value as Record<string, unknown>;
  if (fields.version !== 1)
    throw new Error(
      `${where} is version ${JSON.stringify(fields.version)} of the notebook format; this page reads 1`,
    );
  if (!Array.isArray(fields.pins)) throw new Error(`${where}: “pins” is not a list`);
  return fields.pins.map((pin, i) => parsePin(pin, `${where}: pin ${i + 1}`));
}

/**
 * The pins of an import (`found`, from the file `where`) that the notebook (`held`) lacks, each once, and how many
 * were left out as held already; an error when the file holds none, or none new.
 */
export function newPins(
  found: readonly Pin[],
  held: readonly Pin[],
  where: string,
): { added: Pin[]; skipped: number } {
  if (found.length === 0) throw new Error(`${where} holds no pins`);
  const keys = new Set(held.map(pinKey));
  const added = found.filter((pin) => {
    const fresh = !keys.has(pinKey(pin));
    keys.add(pinKey(pin));
    return fresh;
  });
  if (added.length === 0) throw new Error(`${where} is in the notebook already`);
  return { added, skipped: found.length - added.length };
}

/** What an import did, in a sentence: the pins added, those left out as held already, and any the limit removed. */
export function importMessage(
  where: string,
  added: readonly Pin[],
  skipped: number,
  removed: number,
): string {
  const what = added.length === 1 ? 'a pin' : `${added.length} pins`;
  const figures = listed([...new Set(added.map((pin) => pin.figure))]);
  const parts = [`Imported ${where} as ${what} of ${figures}`];
  if (skipped > 0)
    parts.push(`${skipped} the notebook held already ${skipped === 1 ? 'was' : 'were'} left out`);
  if (removed > 0)
    parts.push(
      `the notebook keeps the newest ${MAX_PINS}, so the ${removed} oldest ${removed === 1 ? 'was' : 'were'} removed`,
    );
  return `${parts.join('; ')}.`;
}
