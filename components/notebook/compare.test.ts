// Setting pins of one figure side by side: which pins compare, which columns are numbers, and the chart of two.
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import {
  cellNumber,
  columnUnit,
  comparable,
  comparedTable,
  describeOverlay,
  numericColumns,
  overlayPoints,
} from './compare';
import { overlayChart } from './overlay-chart';
import type { Pin } from './pins';

const pin = (
  exported: string,
  device: string,
  rows: string[][],
  columns = ['Batch', 'Step', 'Note'],
): Pin => ({
  format: 'memory-bound/table',
  version: 1,
  caption: 'Measured decode steps',
  columns,
  rows,
  link: 'http://127.0.0.1/lessons/prefill-decode/#measured-batch-sweep',
  exported,
  figure: 'measured-batch-sweep',
  device,
  browser: 'Chrome',
});
const laptop = pin('2026-12-02T07:00:00.000Z', 'laptop GPU', [
  ['1', '2.5 ms', 'fits'],
  ['4', '3 ms', 'fits'],
]);
const desktop = pin('2026-12-02T08:30:00.000Z', 'desktop GPU', [
  ['1', '800 µs', 'fits'],
  ['4', '1.1 ms', 'out of memory'],
]);

describe('cellNumber', () => {
  it.each([
    ['1,024', 1024],
    ['3.5', 3.5],
    ['-0.5', -0.5],
    ['−3', -3],
    ['12 %', 12],
    ['160 (×1.6)', 160],
    ['131 kB', 131_000],
    ['2.15 GB', 2.15e9],
    ['2.5 ms', 0.0025],
    ['800 µs', 0.0008],
    ['3.35 TB/s', 3.35e12],
    ['244 tokens/s', 244],
    ['100 over 3 steps', 100],
    ['1e-3', 0.001],
    ['819 kB/token', 819_000],
    ['5 ms/token', 0.005],
    ['12 steps', 12],
  ])('reads %s as %d', (cell, value) => {
    expect(cellNumber(cell)).toBeCloseTo(value, 12);
  });

  it.each(['not timed', 'out of memory', '', '—'])('finds no number in “%s”', (cell) => {
    expect(cellNumber(cell)).toBeUndefined();
  });
});

describe('comparing pins', () => {
  it('sets side by side the pins of one figure with the newest one’s columns, oldest first by when pinned', () => {
    const other = pin('2026-12-02T09:00:00.000Z', 'phone', [['1', '9 ms']], ['Batch', 'Step']);
    expect(comparable([laptop, desktop], 'measured-batch-sweep')).toEqual([laptop, desktop]);
    expect(comparable([desktop, laptop], 'measured-batch-sweep')).toEqual([laptop, desktop]);
    expect(comparable([laptop, desktop, other], 'measured-batch-sweep')).toEqual([other]);
    expect(comparable([laptop], 'kv-calculator')).toEqual([]);
  });

  it('offers the columns that are numbers in every pin', () => {
    expect(numericColumns([laptop, desktop])).toEqual([0, 1]);
  });

  it('finds the unit a column states in every cell, to label its ticks', () => {
    expect([0, 1].map((j) => columnUnit([laptop, desktop], j))).toEqual(['', 's']);
    const mixed = pin('2026-12-02T09:00:00.000Z', 'phone', [['1', '3 GB']]);
    expect(columnUnit([laptop, mixed], 1)).toBe('');
    const perToken = pin('2026-12-02T09:00:00.000Z', 'phone', [['1', '819 kB/token']]);
    expect(columnUnit([perToken], 1)).toBe('B/token');
  });

  it('draws one line per pin, labelled by when and where it ran', () => {
    const points = overlayPoints([laptop, desktop], 0, 1).map((p) => ({
      ...p,
      y: Number(p.y.toPrecision(6)),
    }));
    expect(points).toEqual([
      { pin: '1 · 2026-12-02 07:00:00 UTC · laptop GPU', x: 1, y: 0.0025 },
      { pin: '1 · 2026-12-02 07:00:00 UTC · laptop GPU', x: 4, y: 0.003 },
      { pin: '2 · 2026-12-02 08:30:00 UTC · desktop GPU', x: 1, y: 0.0008 },
      { pin: '2 · 2026-12-02 08:30:00 UTC · desktop GPU', x: 4, y: 0.0011 },
    ]);
    expect(describeOverlay([laptop, desktop], 0, 1)).toBe(
      'Step against Batch, 2 pins. 1 · 2026-12-02 07:00:00 UTC · laptop GPU: 1 → 2.5 ms; 4 → 3 ms. ' +
        '2 · 2026-12-02 08:30:00 UTC · desktop GPU: 1 → 800 µs; 4 → 1.1 ms.',
    );
    const svg = renderSvg(overlayChart([laptop, desktop], 0, 1), 640, 300);
    // The line mark's paths, one per pin, each in its own colour (axes and ticks are drawn in currentColor).
    const lines = [...svg.matchAll(/<path stroke="(#[0-9a-f]{6})" d="M/g)].map((m) => m[1]);
    expect(lines).toHaveLength(2);
    expect(new Set(lines).size).toBe(2);
  });

  it('sets the compared pins in one table, each row after the pin it came from', () => {
    expect(comparedTable([laptop, desktop])).toEqual({
      columns: ['Pin', 'Batch', 'Step', 'Note'],
      rows: [
        ['1 · 2026-12-02 07:00:00 UTC · laptop GPU', '1', '2.5 ms', 'fits'],
        ['1 · 2026-12-02 07:00:00 UTC · laptop GPU', '4', '3 ms', 'fits'],
        ['2 · 2026-12-02 08:30:00 UTC · desktop GPU', '1', '800 µs', 'fits'],
        ['2 · 2026-12-02 08:30:00 UTC · desktop GPU', '4', '1.1 ms', 'out of memory'],
      ],
    });
  });
});
