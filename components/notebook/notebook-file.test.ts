// The notebook as one file: what it writes reads back pin for pin, a single table export becomes one pin, and a
// file with one bad pin is refused whole, naming the pin and its field.
import { describe, expect, it } from 'vitest';
import { tableJson } from '../export/table-export';
import { importedPins, importMessage, newPins, notebookCsv, notebookJson } from './notebook-file';
import type { Pin } from './pins';

const table = JSON.parse(
  tableJson({
    caption: 'KV cache of one sequence, analytic',
    columns: ['Context (tokens)', 'KV cache'],
    rows: [['1,024', '537 MB']],
    link: 'http://127.0.0.1:4322/lessons/kv-cache/?kv.S=1024#kv-calculator',
    exported: '2026-12-02T07:00:00.000Z',
  }),
);
const first: Pin = { ...table, figure: 'kv-calculator', device: 'NVIDIA H200', browser: 'Chrome 131' };
const second: Pin = { ...first, exported: '2026-12-02T08:00:00.000Z', device: 'CPU' };

describe('the notebook file', () => {
  it('reads back every pin it wrote, in order', () => {
    const text = notebookJson([first, second], new Date('2026-12-02T09:00:00Z'));
    const parsed = JSON.parse(text);
    expect(parsed).toMatchObject({
      format: 'memory-bound/notebook',
      version: 1,
      exported: '2026-12-02T09:00:00.000Z',
    });
    expect(importedPins(parsed, 'notebook.json')).toEqual([first, second]);
  });

  it('writes every cell of every pin as one CSV line, after what identifies it', () => {
    expect(notebookCsv([first, second]).split('\r\n')).toEqual([
      'Figure,Pinned,Device,Browser,Caption,Row,Column,Value',
      'kv-calculator,2026-12-02T07:00:00.000Z,NVIDIA H200,Chrome 131,"KV cache of one sequence, analytic",1,Context (tokens),"1,024"',
      'kv-calculator,2026-12-02T07:00:00.000Z,NVIDIA H200,Chrome 131,"KV cache of one sequence, analytic",1,KV cache,537 MB',
      'kv-calculator,2026-12-02T08:00:00.000Z,CPU,Chrome 131,"KV cache of one sequence, analytic",1,Context (tokens),"1,024"',
      'kv-calculator,2026-12-02T08:00:00.000Z,CPU,Chrome 131,"KV cache of one sequence, analytic",1,KV cache,537 MB',
      '',
    ]);
  });

  it('takes a table export as one pin of its figure, from its link when it names none', () => {
    const [pin] = importedPins(table, 'kv.json');
    expect(pin).toEqual({
      ...table,
      figure: 'kv-calculator',
      device: 'not recorded (imported)',
      browser: 'not recorded (imported)',
    });
    expect(importedPins({ ...table, figure: 'kv-pages' }, 'kv.json')[0]!.figure).toBe('kv-pages');
  });

  it.each([
    [
      { format: 'memory-bound/notebook', version: 2, pins: [] },
      'n.json is version 2 of the notebook format; this page reads 1',
    ],
    [{ format: 'memory-bound/notebook', version: 1, pins: {} }, 'n.json: “pins” is not a list'],
    [
      { format: 'memory-bound/notebook', version: 1, pins: [first, { ...second, browser: 3 }] },
      'n.json: pin 2: “browser” is not text',
    ],
    [
      { format: 'memory-bound/notebook', version: 1, pins: [{ ...first, link: 'javascript:alert(1)' }] },
      'n.json: pin 1: “link” is not a web address',
    ],
    [[first], 'n.json does not hold a JSON object'],
  ])('refuses %j whole: %s', (value, message) => {
    expect(() => importedPins(value, 'n.json')).toThrow(message);
  });

  it('adds only the pins the notebook lacks, each once, and says what it left out or pushed out', () => {
    expect(newPins([first, second, second], [first], 'n.json')).toEqual({ added: [second], skipped: 2 });
    expect(() => newPins([first], [first], 'n.json')).toThrow('n.json is in the notebook already');
    expect(() => newPins([], [], 'n.json')).toThrow('n.json holds no pins');
    expect(importMessage('n.json', [second], 2, 0)).toBe(
      'Imported n.json as a pin of kv-calculator; 2 the notebook held already were left out.',
    );
    expect(importMessage('n.json', [first, second], 0, 1)).toBe(
      'Imported n.json as 2 pins of kv-calculator; the notebook keeps the newest 200, so the 1 oldest was removed.',
    );
  });
});
