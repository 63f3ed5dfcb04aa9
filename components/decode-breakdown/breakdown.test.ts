import { describe, expect, it } from 'vitest';
import { stepOpCounts } from '@engine/index';
import { syntheticConfig } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import { breakdownByKind, bytesChart, describeBreakdown, rowBytes, timeChart } from './breakdown';

const config = syntheticConfig({ width: 128, layers: 2 });
const ops = stepOpCounts(config, [{ cached: 15, newTokens: 1 }], 1);
// Pretend every matmul took 10 µs and every other op 1 µs.
const times = ops.map((o) => ({
  name: o.name,
  covers: [o.name],
  seconds: o.kind === 'matmul' ? 1e-5 : 1e-6,
  clock: 'wall-clock' as const,
}));

describe('decode breakdown', () => {
  it('sums counted bytes and measured time per kind, slowest first', () => {
    const rows = breakdownByKind(config, times, 15);
    expect(rows[0]?.kind).toBe('matmul');
    expect(rows[0]?.seconds).toBeCloseTo(ops.filter((o) => o.kind === 'matmul').length * 1e-5, 12);
    const attention = rows.find((r) => r.kind === 'attention')!;
    // two layers, each reading keys and values of 16 positions: 2 · 16 · 128 floats
    expect(attention.kvBytes).toBe(2 * 2 * 16 * 128 * 4);
    expect(rows.reduce((s, r) => s + rowBytes(r), 0)).toBe(
      ops.reduce(
        (s, o) =>
          s + o.weightBytes + o.activationReadBytes + o.activationWriteBytes + o.kvReadBytes + o.kvWriteBytes,
        0,
      ),
    );
  });

  it('refuses times that do not cover every op', () => {
    expect(() => breakdownByKind(config, times.slice(1), 15)).toThrow('no time was measured for embedding');
  });

  it('describes the step', () => {
    expect(describeBreakdown(breakdownByKind(config, times, 15))).toMatch(
      /^This decode step moves [\d.]+ MB: weights \d+ %, KV cache [\d.]+ %\./,
    );
  });

  it('renders the saved SVGs', async () => {
    const rows = breakdownByKind(config, times, 15);
    await expect(renderSvg(bytesChart(rows))).toMatchFileSnapshot('./__snapshots__/bytes.svg');
    await expect(renderSvg(timeChart(rows))).toMatchFileSnapshot('./__snapshots__/time.svg');
  });
});
