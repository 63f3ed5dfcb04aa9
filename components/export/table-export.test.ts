import { describe, expect, it } from 'vitest';
import { exportName, tableCsv, tableJson } from './table-export';

describe('tableCsv', () => {
  it('writes a heading line and one CRLF-ended line per row, quoting only where a field needs it', () => {
    expect(
      tableCsv(
        ['Batch', 'Time (ms)', 'Note'],
        [
          ['1', '1,024', 'plain'],
          ['2', '3.5', 'said "fast"'],
          ['4', '7', 'two\nlines'],
        ],
      ),
    ).toBe('Batch,Time (ms),Note\r\n1,"1,024",plain\r\n2,3.5,"said ""fast"""\r\n4,7,"two\nlines"\r\n');
  });

  it('keeps a spreadsheet from running a cell as a formula, and leaves numbers alone', () => {
    const cells = [
      '=HYPERLINK("x")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      '\tx',
      '-0.5',
      '+5',
      '-1,024',
      '−3',
      '1e-3',
      '-',
    ];
    expect(
      tableCsv(
        ['Cell'],
        cells.map((c) => [c]),
      )
        .split('\r\n')
        .slice(1, -1),
    ).toEqual([
      `"'=HYPERLINK(""x"")"`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      '-0.5',
      '+5',
      '"-1,024"',
      '−3',
      '1e-3',
      "'-",
    ]);
  });

  it('writes only the heading for a table with no rows', () => {
    expect(tableCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });
});

describe('tableJson', () => {
  it('names its format and version before the data', () => {
    const text = tableJson({
      caption: 'Measured on this GPU',
      columns: ['Batch'],
      rows: [['1']],
      link: 'http://localhost/lessons/kv-cache/?kv.B=4#fig-kv',
      exported: '2026-12-01T23:00:00.000Z',
    });
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      format: 'memory-bound/table',
      version: 1,
      caption: 'Measured on this GPU',
      columns: ['Batch'],
      rows: [['1']],
      link: 'http://localhost/lessons/kv-cache/?kv.B=4#fig-kv',
      exported: '2026-12-01T23:00:00.000Z',
    });
    expect(Object.keys(JSON.parse(text)).slice(0, 2)).toEqual(['format', 'version']);
  });
});

describe('exportName', () => {
  it('keeps word characters and dashes of the figure id', () => {
    expect(exportName('fig-roofline', 'data', 'csv')).toBe('fig-roofline-data.csv');
    expect(exportName('  odd name/with*marks ', 'chart', 'svg')).toBe('odd-name-with-marks-chart.svg');
    expect(exportName('', 'chart', 'png')).toBe('figure-chart.png');
  });
});
