/**
 * The geometry of one moment of a page-table run: each live sequence's page table as a row of logical blocks (the
 * physical block number inside, filled as far as the sequence has written it), the physical pool below as a grid
 * (each block coloured by the sequence holding it, its reference count when shared, cached blocks grey, free ones
 * empty, the blocks this operation touched outlined), and an arrow from each logical block of the chosen sequence
 * to the physical block it lives in. Pure: a snapshot and a width in, cells and arrows in pixels out.
 */
import type { PageSnapshot } from '@engine/index';

/** Cell size, gap between cells, width of the row labels and the band between the tables and the pool, in px. */
export const CELL = 30;
export const GAP = 5;
export const LABEL_WIDTH = 40;
export const ARROW_BAND = 56;
/** Pool columns at most (a desktop width) and at least (a phone). */
const MOST_COLUMNS = 16;
const FEWEST_COLUMNS = 6;

export type BlockState = 'free' | 'held' | 'shared' | 'cached';

export interface PoolCell {
  block: number;
  state: BlockState;
  refs: number;
  /** The first live sequence holding it, by its id in the cache. */
  holder: number | undefined;
  /** Whether this operation took, shared, copied or let go of it. */
  touched: boolean;
  x: number;
  y: number;
}

export interface TableCell {
  logical: number;
  block: number;
  /** Share of its slots the sequence has written (the last block may be partly filled). */
  fraction: number;
  shared: boolean;
  x: number;
  y: number;
}

export interface TableRow {
  seq: number;
  name: string;
  y: number;
  cells: TableCell[];
}

export interface Arrow {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface PageLayout {
  rows: TableRow[];
  pool: PoolCell[];
  arrows: Arrow[];
  /** Where the pool's label goes. */
  poolTop: number;
  width: number;
  height: number;
}

const STEP = CELL + GAP;

/** Pool columns that fit `width` pixels. */
export const poolColumns = (width: number) =>
  Math.max(FEWEST_COLUMNS, Math.min(MOST_COLUMNS, Math.floor((width - LABEL_WIDTH + GAP) / STEP)));

/** Blocks the operation that led to `snapshot` touched. */
export function touchedBlocks(snapshot: PageSnapshot): Set<number> {
  return new Set(snapshot.events.flatMap((e) => (e.kind === 'copy' ? [e.src, e.dst] : [e.block])));
}

export function pageLayout(
  snapshot: PageSnapshot,
  blockSize: number,
  width: number,
  focus: number | undefined,
): PageLayout {
  const columns = poolColumns(width);
  const holder = new Map<number, number>();
  for (const s of snapshot.sequences) for (const b of s.table) if (!holder.has(b)) holder.set(b, s.seq);
  const rows: TableRow[] = snapshot.sequences.map((s, r) => ({
    seq: s.seq,
    name: s.name,
    y: r * STEP,
    cells: s.table.map((block, logical) => ({
      logical,
      block,
      fraction: Math.min(1, (s.length - logical * blockSize) / blockSize),
      shared: (snapshot.refs[block] ?? 0) > 1,
      x: LABEL_WIDTH + logical * STEP,
      y: r * STEP,
    })),
  }));
  const poolTop = rows.length * STEP + ARROW_BAND;
  const touched = touchedBlocks(snapshot);
  const cached = new Set(snapshot.cached);
  const pool: PoolCell[] = snapshot.refs.map((refs, block) => ({
    block,
    refs,
    state: refs > 1 ? 'shared' : refs === 1 ? 'held' : cached.has(block) ? 'cached' : 'free',
    holder: holder.get(block),
    touched: touched.has(block),
    x: LABEL_WIDTH + (block % columns) * STEP,
    y: poolTop + Math.floor(block / columns) * STEP,
  }));
  const focused = rows.find((r) => r.seq === focus);
  const arrows = (focused?.cells ?? []).map((c) => ({
    x1: c.x + CELL / 2,
    y1: c.y + CELL,
    x2: pool[c.block]!.x + CELL / 2,
    y2: pool[c.block]!.y,
  }));
  const longest = Math.max(columns, ...rows.map((r) => r.cells.length));
  return {
    rows,
    pool,
    arrows,
    poolTop,
    width: LABEL_WIDTH + longest * STEP - GAP,
    height: poolTop + Math.ceil(pool.length / columns) * STEP - GAP,
  };
}
