/**
 * One allocator's KV memory at one step, as the cells of a map in address order: paged, one cell per block of the
 * pool; contiguous, one cell per reservation and one per free hole between them. Each cell says which request holds
 * it (null when free) and how many of its tokens are written. And which step to show first: the one where the
 * contiguous run held the most. Pure: the scheduler's memory map in, cells out.
 */
import type { KvSnapshot, Reservation, StepRecord } from '@engine/index';

export interface MapCell {
  /** First token address, and one past the last. */
  start: number;
  end: number;
  /** The request holding it, or null when free. */
  request: number | null;
  /** Tokens written into it, from its start. */
  written: number;
}

/** A paged pool: every block, held or free; a block is filled in the order its request lists it. */
function pagedCells({ capacity, owners }: Pick<KvSnapshot, 'capacity' | 'owners'>, blockSize: number) {
  const cells: MapCell[] = Array.from({ length: capacity / blockSize }, (_, block) => ({
    start: block * blockSize,
    end: (block + 1) * blockSize,
    request: null,
    written: 0,
  }));
  for (const owner of owners) {
    if (!('blocks' in owner)) continue;
    owner.blocks.forEach((block, i) => {
      const written = Math.min(blockSize, Math.max(0, owner.written - i * blockSize));
      cells[block] = { ...cells[block]!, request: owner.request, written };
    });
  }
  return cells;
}

/** A contiguous arena: each reservation, and the holes left between them. */
function contiguousCells({ capacity, owners }: Pick<KvSnapshot, 'capacity' | 'owners'>) {
  const cells: MapCell[] = [];
  let at = 0;
  const hole = (end: number) => {
    if (end > at) cells.push({ start: at, end, request: null, written: 0 });
  };
  const extents = owners.flatMap((o) => ('start' in o ? [o] : [])).sort((a, b) => a.start - b.start);
  for (const { start, length, request, written } of extents) {
    hole(start);
    cells.push({ start, end: start + length, request, written: Math.min(written, length) });
    at = start + length;
  }
  hole(capacity);
  return cells;
}

/** The cells of one allocator's memory, from a step's record of it. */
export function mapCells(
  kv: Pick<KvSnapshot, 'capacity' | 'owners'>,
  reservation: Reservation,
  blockSize: number,
): MapCell[] {
  return reservation === 'paged' ? pagedCells(kv, blockSize) : contiguousCells(kv);
}

/** The first step (numbered from 1) at which the run held the most memory; 1 for a run of no steps. */
export function fullestStep(steps: readonly StepRecord[]): number {
  let best = 0;
  steps.forEach((step, i) => {
    if (step.kv.held > steps[best]!.kv.held) best = i;
  });
  return best + 1;
}
