import { describe, expect, it } from 'vitest';
import { CELL, GAP, LABEL_WIDTH, pageLayout, poolColumns } from './page-layout';
import { PAGE_SNAPSHOTS } from './page-fixture';

const STEP = CELL + GAP;

describe('pageLayout', () => {
  it('draws each page table over the pool, shared and copied blocks marked, arrows from the chosen sequence', () => {
    const fork = PAGE_SNAPSHOTS[3]!;
    const layout = pageLayout(fork, 4, LABEL_WIDTH + 8 * STEP, 2);
    expect(layout.rows.map((r) => r.name)).toEqual(['A', 'B1', 'B2']);
    expect(layout.rows[1]!.cells.map((c) => [c.block, c.fraction, c.shared])).toEqual([
      [0, 1, true],
      [1, 1, true],
      [3, 0.75, true],
    ]);
    expect(layout.pool.slice(0, 5).map((c) => [c.state, c.refs, c.holder, c.touched])).toEqual([
      ['shared', 3, 0, true],
      ['shared', 3, 0, true],
      ['held', 1, 0, false],
      ['shared', 2, 1, true],
      ['free', 0, undefined, false],
    ]);
    // B2's three blocks, each arrow from its logical cell down to the physical cell: block 3 is in the pool's 4th column.
    expect(layout.arrows).toHaveLength(3);
    expect(layout.arrows[2]).toEqual({
      x1: LABEL_WIDTH + 2 * STEP + CELL / 2,
      y1: 2 * STEP + CELL,
      x2: LABEL_WIDTH + 3 * STEP + CELL / 2,
      y2: layout.poolTop,
    });
  });

  it('marks both ends of a copy, and cached blocks apart from free ones', () => {
    const layout = pageLayout(PAGE_SNAPSHOTS[4]!, 4, 400, undefined);
    expect(layout.pool.filter((c) => c.touched).map((c) => c.block)).toEqual([3, 4]);
    expect(layout.arrows).toEqual([]);
    const cached = pageLayout(
      { ...PAGE_SNAPSHOTS[4]!, refs: Array(8).fill(0), cached: [2], sequences: [] },
      4,
      400,
      0,
    );
    expect(cached.pool[2]!.state).toBe('cached');
    expect(cached.pool[3]!.state).toBe('free');
  });

  it('fits the pool to the width, from a phone to a desktop', () => {
    expect(poolColumns(300)).toBe(7);
    expect(poolColumns(2000)).toBe(16);
    expect(poolColumns(100)).toBe(6);
    const phone = pageLayout(PAGE_SNAPSHOTS[4]!, 4, 300, 1);
    expect(phone.width).toBeLessThanOrEqual(300);
    expect(phone.pool[7]!.y).toBe(phone.poolTop + STEP);
  });
});
