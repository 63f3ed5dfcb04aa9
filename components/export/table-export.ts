/**
 * A widget's data table as files a reader can keep or send: CSV (RFC 4180: fields quoted where they hold a comma, a
 * quote or a line break, quotes doubled, lines ended by CRLF) and JSON that names its format and version, so a later
 * import can check what it was given. Cells are exported as the table shows them, units in the headings.
 *
 * Some cells hold text a shared link chose (a prompt), and a spreadsheet runs a CSV field that begins with =, +, -,
 * @, a tab or a carriage return as a formula. Such a field gets a leading apostrophe, which spreadsheets read as "this
 * is text" (OWASP's advice on CSV injection); a number (−3, -0.5, +5) is left as it is.
 */

/** What the JSON export holds. */
export interface TableExport {
  format: 'memory-bound/table';
  version: 1;
  /** The table's caption: what the data is and where its numbers come from. */
  caption: string;
  columns: string[];
  rows: string[][];
  /** The page and settings that produced it (the address when it was exported). */
  link: string;
  /** The figure it belongs to: its anchor on the page (figure-name.ts). */
  figure?: string;
  /** When it was exported, as an ISO 8601 date and time. */
  exported: string;
}

/** A cell a spreadsheet would run as a formula: it starts like one and is not a plain number. */
function formulaLike(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !/^[+-]?(?=\.?\d)(\d[\d,]*)?(\.\d+)?(e[+-]?\d+)?$/i.test(cell);
}

function csvField(cell: string): string {
  const text = formulaLike(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table as CSV: a heading row, then one line per row. */
export function tableCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return [columns, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/** The table as JSON (two-space indented, with a final newline). */
export function tableJson(table: Omit<TableExport, 'format' | 'version'>): string {
  const data: TableExport = { format: 'memory-bound/table', version: 1, ...table };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** A file name from a figure or widget name and what the file is: `fig-roofline-data.csv`. */
export function exportName(base: string, what: string, extension: string): string {
  const stem = base.replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '') || 'figure';
  return `${stem}-${what}.${extension}`;
}
