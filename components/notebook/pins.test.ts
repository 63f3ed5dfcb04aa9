// The lab notebook's pins: what a table export or a saved pin must hold, and how the notebook keeps them.
import { describe, expect, it } from 'vitest';
import { tableJson } from '../export/table-export';
import {
  appendPins,
  clearPins,
  MAX_PINS,
  parsePin,
  parseTableExport,
  pinKey,
  PINS_KEY,
  readPins,
  removePin,
  type Pin,
} from './pins';

const exported = JSON.parse(
  tableJson({
    caption: 'KV cache of one sequence, analytic',
    columns: ['Context (tokens)', 'KV cache'],
    rows: [
      ['1,024', '537 MB'],
      ['4,096', '2.15 GB'],
    ],
    link: 'http://127.0.0.1:4322/lessons/kv-cache/?kv.S=4096#kv-calculator',
    exported: '2026-12-02T07:00:00.000Z',
  }),
);
const pin: Pin = { ...exported, figure: 'kv-calculator', device: 'NVIDIA H200', browser: 'Chrome 131' };

/** A Storage over a Map, as the browser's localStorage behaves. */
function memoryStorage(limit = Infinity): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => {
      if (value.length > limit) throw new DOMException('full', 'QuotaExceededError');
      items.set(key, value);
    },
  };
}

describe('parseTableExport', () => {
  it('reads back what the JSON download writes', () => {
    expect(parseTableExport(exported)).toEqual(exported);
  });

  it.each([
    [null, 'the file does not hold a JSON object'],
    [{ ...exported, format: 'csv' }, 'the file is not a memory-bound table: its “format” is "csv"'],
    [{ ...exported, version: 2 }, 'the file is version 2 of the table format; this page reads 1'],
    [{ ...exported, columns: [] }, 'the file: “columns” is not a list of headings'],
    [{ ...exported, rows: [['1,024']] }, 'the file: row 1 has 1 cells, not 2'],
    [{ ...exported, rows: [['1,024', 537]] }, 'the file: row 1 is not a list of text cells'],
    [{ ...exported, exported: 'yesterday' }, 'the file: “exported” is not a date and time'],
    [{ ...exported, link: 'not an address' }, 'the file: “link” is not a web address'],
    [{ ...exported, link: 'javascript:alert(1)' }, 'the file: “link” is not a web address'],
    [{ ...exported, caption: undefined }, 'the file: “caption” is not text'],
    [{ ...exported, figure: 7 }, 'the file: “figure” is not text'],
  ])('refuses %j, naming the field', (value, message) => {
    expect(() => parseTableExport(value)).toThrow(message);
  });
});

describe('the pins in storage', () => {
  it('adds pins, reads them back in order and takes one out', () => {
    const storage = memoryStorage();
    const second = { ...pin, exported: '2026-12-02T08:00:00.000Z' };
    expect(appendPins(storage, [pin])).toEqual({ ok: true, count: 1 });
    expect(appendPins(storage, [second])).toEqual({ ok: true, count: 2 });
    expect(readPins(storage)).toEqual({ pins: [pin, second], problems: [] });
    expect(removePin(storage, pinKey(pin))).toEqual({ ok: true, count: 1 });
    expect(readPins(storage).pins).toEqual([second]);
  });

  it('names a saved pin it cannot read, and keeps it through other changes until cleared', () => {
    const storage = memoryStorage();
    storage.setItem(PINS_KEY, JSON.stringify([pin, { ...pin, device: 7 }]));
    expect(readPins(storage)).toEqual({ pins: [pin], problems: ['pin 2: “device” is not text'] });
    removePin(storage, pinKey(pin));
    expect(readPins(storage)).toEqual({ pins: [], problems: ['pin 1: “device” is not text'] });
    expect(clearPins(storage)).toEqual({ ok: true, count: 0 });
    storage.setItem(PINS_KEY, '{');
    expect(readPins(storage).problems).toEqual([
      'The saved pins are not valid JSON; they were left as they are.',
    ]);
    expect(appendPins(storage, [pin])).toEqual({
      ok: false,
      reason: 'the saved pins cannot be read (the notebook page says why)',
    });
  });

  it('keeps the newest when there are too many, and says when storage is full or missing', () => {
    const storage = memoryStorage();
    for (let i = 0; i < MAX_PINS + 5; i++) appendPins(storage, [{ ...pin, caption: `pin ${i}` }]);
    const { pins } = readPins(storage);
    expect([pins.length, pins[0]!.caption]).toEqual([MAX_PINS, 'pin 5']);
    expect(appendPins(memoryStorage(10), [pin])).toEqual({
      ok: false,
      reason: 'the browser’s storage for this site is full',
    });
    expect(appendPins(undefined, [pin])).toEqual({
      ok: false,
      reason: 'this browser keeps no storage for this page',
    });
    expect(readPins(undefined)).toEqual({ pins: [], problems: [] });
  });

  it('reads a pin only with its figure, device and browser', () => {
    expect(() => parsePin(exported, 'the file')).toThrow('the file: “figure” is not text');
  });
});
