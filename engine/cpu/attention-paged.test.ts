// Attention read through page tables equals plain contiguous attention over each sequence's keys and values, for
// seeded random page layouts: block sizes from 1 to 16, every sequence's blocks scattered over the pool in random
// order, grouped-query heads, and a batch mixing decode rows with prefill rows (whole prompts and chunks after a
// cached prefix) in random order. The GPU kernel meets the same reference in gpu/kernels/attention.gpu.test.ts.
import { describe, expect, it } from 'vitest';
import {
  contiguousAttention,
  randomPagedLayout,
  worstExcess,
  type PagedLayout,
} from '../testing/paged-layouts';
import { attention } from './attention';

const LAYOUTS = 200;
const options = { maxLength: 48, maxSequences: 4, maxPrefillRows: 12 };

function paged(layout: PagedLayout, pageTables = layout.pageTables): Float32Array {
  const { N, K, H, blockSize, q, kCache, vCache, positions, tableStart } = layout;
  const T = positions.length;
  const out = new Float32Array(T * N * H);
  attention(out, q, kCache, vCache, positions, tableStart, pageTables, T, N, K, H, blockSize);
  return out;
}

describe('paged attention on the CPU', () => {
  it(`equals contiguous attention for ${LAYOUTS} random page layouts (within 1e-5)`, () => {
    const seen = { decode: 0, prefill: 0, chunked: 0, gqa: 0 };
    for (let seed = 1; seed <= LAYOUTS; seed++) {
      const layout = randomPagedLayout(seed, options);
      expect(
        worstExcess(paged(layout), contiguousAttention(layout), 1e-5, 1e-5),
        `layout ${seed}`,
      ).toBeLessThanOrEqual(0);
      const rows = new Map<number, number[]>();
      layout.rowSeq.forEach((s, t) => rows.set(s, [...(rows.get(s) ?? []), layout.positions[t]!]));
      for (const positions of rows.values()) {
        if (positions.length === 1) seen.decode++;
        else if (Math.min(...positions) === 0) seen.prefill++;
        else seen.chunked++;
      }
      if (layout.N > layout.K) seen.gqa++;
    }
    // The layouts cover what they claim to.
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(LAYOUTS / 10);
  });

  it('misses the reference when one page-table entry points at another block', () => {
    // The comparison can fail. (Swapping two blocks that a row reads whole would not show: attention does not
    // depend on the order of its keys.)
    const layout = randomPagedLayout(7, options);
    const tables = layout.pageTables.slice();
    const blocks = layout.kCache.length / (layout.blockSize * layout.K * layout.H);
    const start = layout.tableStart[0]!;
    tables[start] = (tables[start]! + 1) % blocks;
    const reference = contiguousAttention(layout);
    expect(worstExcess(paged(layout), reference, 1e-5, 1e-5)).toBeLessThanOrEqual(0);
    expect(worstExcess(paged(layout, tables), reference, 1e-5, 1e-5)).toBeGreaterThan(0.01);
  });
});
