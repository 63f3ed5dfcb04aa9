/**
 * Both allocators' KV memory at one step, a strip each on one axis of token addresses: every cell (a block of the
 * paged pool, or a reservation or free hole of the contiguous arena) outlined; a held cell in its request's colour
 * (charts/request-colours.ts, as in lesson 7), solid as far as the request has written and lighter beyond; a free cell
 * blank. The strips scale with the chart's width, so a phone shows the whole memory. Pure: cells in, a Plot spec out.
 */
import * as Plot from '@observablehq/plot';
import type { Reservation } from '@engine/index';
import { formatInteger } from '../charts/format';
import { MARGINS } from '../charts/margins';
import { HALO } from '../charts/marks';
import { requestColourScale, requestName } from '../charts/request-colours';
import type { MapCell } from './memory-map';

/** Each allocator's row label. */
export const ALLOCATOR_NAMES: Record<Reservation, string> = {
  contiguous: 'Contiguous',
  paged: 'Paged',
};

/** How opaque the held but unwritten part of a cell is, against the written part's full colour. */
export const RESERVED_OPACITY = 0.3;

/** A cell at least this share of the memory is labelled with its request. */
const LABELLED_SHARE = 1 / 16;

/** The chart's height, two strips and the axis. */
export const MEMORY_CHART_HEIGHT = 150;

export interface MemoryRow {
  reservation: Reservation;
  cells: readonly MapCell[];
}

/** Where a cell is: its block, or its tokens' addresses. */
const placeOf = (c: MapCell, reservation: Reservation) =>
  reservation === 'paged'
    ? `block ${formatInteger(c.start / (c.end - c.start))}`
    : `tokens ${formatInteger(c.start)}–${formatInteger(c.end - 1)}`;

/** What a cell's tooltip says. */
const titleOf = (c: MapCell, reservation: Reservation) =>
  c.request === null
    ? `free, ${placeOf(c, reservation)}`
    : `${requestName(c.request)}, ${placeOf(c, reservation)}: ` +
      `${formatInteger(c.written)} of ${formatInteger(c.end - c.start)} tokens written`;

/** Both allocators' maps, a strip each, their cells coloured by the `requests` requests of the stream. */
export function memoryChart(rows: readonly MemoryRow[], requests: number): Plot.PlotOptions {
  const cells = rows.flatMap(({ reservation, cells }) =>
    cells.map((c) => ({ ...c, row: ALLOCATOR_NAMES[reservation], title: titleOf(c, reservation) })),
  );
  const held = cells.filter((c) => c.request !== null);
  const capacity = Math.max(1, ...cells.map((c) => c.end));
  const cell = { x1: 'start', x2: 'end', y: 'row', insetLeft: 0.5, insetRight: 0.5 } as const;
  return {
    ...MARGINS,
    marginLeft: 90,
    marginTop: 10,
    x: {
      domain: [0, capacity],
      label: 'KV memory by address (tokens) →',
      labelAnchor: 'center',
      tickFormat: (d: number) => formatInteger(d),
    },
    y: { domain: rows.map((r) => ALLOCATOR_NAMES[r.reservation]), label: null, padding: 0.2 },
    color: requestColourScale(requests),
    marks: [
      Plot.barX(cells, { ...cell, fill: 'var(--surface)' }),
      Plot.barX(held, { ...cell, fill: 'request', fillOpacity: RESERVED_OPACITY }),
      Plot.barX(
        held.filter((c) => c.written > 0),
        { ...cell, x2: (c: MapCell) => c.start + c.written, fill: 'request' },
      ),
      // Outlines on top, transparent inside so that the tooltip answers anywhere in the cell.
      Plot.barX(cells, {
        ...cell,
        fill: 'transparent',
        stroke: 'currentColor',
        strokeOpacity: 0.45,
        title: 'title',
      }),
      Plot.text(
        held.filter((c) => c.end - c.start >= capacity * LABELLED_SHARE),
        {
          x: 'start',
          y: 'row',
          dx: 4,
          textAnchor: 'start',
          text: (c: MapCell) => requestName(c.request!),
          fill: 'currentColor',
          ...HALO,
        },
      ),
    ],
  };
}
