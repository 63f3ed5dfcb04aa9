// The running example, worked by hand: Llama 2 13B (13,015,864,320 parameters; 2 · 40 · 40 · 128 · 2 = 819,200 KV
// bytes per token in bf16) on an H100 SXM (3.35 TB/s, 80 GB) at S = 1,024.
import { describe, expect, it } from 'vitest';
import { accountingDifference, runningRows, runningSetup, runningTable } from './running-example';

const PARAMS = 13_015_864_320;
const KV_PER_TOKEN = 819_200;

describe('the running example', () => {
  it('works each batch out in the lecture’s accounting', () => {
    const rows = runningRows(runningSetup());
    for (const { B, lecture } of rows) {
      expect(lecture.bytes).toBe(PARAMS * 2 + B * 1024 * KV_PER_TOKEN);
      expect(lecture.seconds).toBeCloseTo(lecture.bytes / 3.35e12, 15);
    }
    expect(rows.map((r) => Math.round(r.lecture.tokensPerSecond))).toEqual([125, 2689, 3562]);
  });

  it('fits 64 sequences in 80 GB but not 256', () => {
    const rows = runningRows(runningSetup());
    expect(rows.map((r) => r.engine.fits)).toEqual([true, true, false]);
    expect(rows[1]!.engine.memoryBytes).toBe(PARAMS * 2 + 64 * 1024 * KV_PER_TOKEN);
    expect(runningTable(rows).map((r) => r.slice(0, 3))).toEqual([
      ['1', '26.9 GB', 'yes'],
      ['64', '79.7 GB', 'yes'],
      ['256', '241 GB', 'no'],
    ]);
  });

  it('gives 8 KV heads a fifth of the cache, so 256 sequences fit', () => {
    const rows = runningRows(runningSetup(8));
    // K and V projections shrink from 5,120 × 5,120 to 5,120 × 1,024 in each of 40 layers.
    const params = PARAMS - 40 * 2 * 5120 * (5120 - 1024);
    expect(rows[2]!.lecture.bytes).toBe(params * 2 + 256 * 1024 * (KV_PER_TOKEN / 5));
    expect(rows.map((r) => r.engine.fits)).toEqual([true, true, true]);
  });

  it('says why the accountings differ, and by how much', () => {
    expect(accountingDifference(runningSetup())).toBe(
      "At batch 1 the engine's accounting moves 26.5 GB per step against the lecture's 26.9 GB: it reads one " +
        '5,120-wide row of the 32,000-row embedding table per sequence rather than the whole table, and adds the ' +
        "new token's keys and values, written to the cache; the two agree to 1.2 %.",
    );
  });
});
