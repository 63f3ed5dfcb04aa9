/**
 * Setting pins side by side: the pins of one figure whose tables have the same columns can be drawn on one chart,
 * one line per pin, over any two columns whose every cell is a number (the cells as the table showed them:
 * "1,024", "3.5", "12 %"); each pin is named by when it was pinned and on what device.
 */
import type { Pin } from './pins';

const PREFIXES: Record<string, number> = {
  n: 1e-9,
  µ: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
};

/**
 * A cell's number: sign, digits, exponent, then an SI prefix and the unit it scales, when there is one: a base unit
 * (B, FLOP, s, Hz) and what it is per, if anything ("B/s", "FLOP/byte", "s/token"), ending the word.
 */
const CELL =
  /^\s*([+\-−]?)(\d[\d,]*(?:\.\d+)?|\.\d+)(?:e([+-]?\d+))?(?:\s*([nµmkMGTP]?)((?:B|FLOP|s|Hz)(?:\/\w+)?)(?!\w))?/;

/**
 * The number a table cell shows, SI prefixes applied ("131 kB" → 131,000; "2.5 ms" → 0.0025), or undefined when it
 * shows none ("not timed", "out of memory"). Text after the number ("(×1.6)", "over 3 steps") is ignored.
 */
export function cellNumber(cell: string): number | undefined {
  const match = CELL.exec(cell);
  if (!match) return undefined;
  const sign = match[1] === '' || match[1] === '+' ? 1 : -1;
  const value = Number(`${match[2]!.replaceAll(',', '')}e${match[3] ?? 0}`);
  return sign * value * (match[4] ? PREFIXES[match[4]]! : 1);
}

/** The SI unit every cell of column `j` states after its number (B, FLOP/s, s…), or '' where they differ or state none. */
export function columnUnit(pins: readonly Pin[], j: number): string {
  const units = new Set(pins.flatMap((p) => p.rows.map((row) => CELL.exec(row[j]!)?.[5] ?? '')));
  return units.size === 1 ? [...units][0]! : '';
}

/** Pins that can share a chart: the figure's pins with the same columns as its newest, oldest first by when pinned. */
export function comparable(pins: readonly Pin[], figure: string): Pin[] {
  const mine = pins
    .filter((p) => p.figure === figure)
    .sort((a, b) => Date.parse(a.exported) - Date.parse(b.exported));
  const newest = mine.at(-1);
  if (!newest) return [];
  const same = (p: Pin) => p.columns.join('\u0000') === newest.columns.join('\u0000');
  return mine.filter(same);
}

/** Columns (by index) whose every cell, in every pin, is a number. */
export function numericColumns(pins: readonly Pin[]): number[] {
  const columns = pins[0]?.columns ?? [];
  return columns
    .map((_, j) => j)
    .filter((j) =>
      pins.every((p) => p.rows.length > 0 && p.rows.every((row) => cellNumber(row[j]!) !== undefined)),
    );
}

/** A pin's name on a chart and in lists: when it was pinned, and where it ran. */
export function pinLabel(pin: Pin): string {
  const when = new Date(pin.exported).toISOString().slice(0, 19).replace('T', ' ');
  return `${when} UTC · ${pin.device}`;
}

interface Point {
  pin: string;
  x: number;
  y: number;
}

/** A pin's series on a chart: numbered, so that two pins made in the same second stay apart. */
export const seriesName = (pin: Pin, i: number) => `${i + 1} · ${pinLabel(pin)}`;

/** The points of column `y` against column `x`, one series per pin. */
export function overlayPoints(pins: readonly Pin[], x: number, y: number): Point[] {
  return pins.flatMap((pin, i) =>
    pin.rows.map((row) => ({ pin: seriesName(pin, i), x: cellNumber(row[x]!)!, y: cellNumber(row[y]!)! })),
  );
}

/** The comparison in words, for the chart's label. */
export function describeOverlay(pins: readonly Pin[], x: number, y: number): string {
  const columns = pins[0]!.columns;
  const lines = pins.map((pin, i) => {
    const values = pin.rows.map((row) => `${row[x]} → ${row[y]}`).join('; ');
    return `${seriesName(pin, i)}: ${values}`;
  });
  return `${columns[y]} against ${columns[x]}, ${pins.length} pins. ${lines.join('. ')}.`;
}

/** The compared pins as one table: each pin's rows as it showed them, after a column naming the pin. */
export function comparedTable(pins: readonly Pin[]): { columns: string[]; rows: string[][] } {
  return {
    columns: ['Pin', ...(pins[0]?.columns ?? [])],
    rows: pins.flatMap((pin, i) => pin.rows.map((row) => [seriesName(pin, i), ...row])),
  };
}
