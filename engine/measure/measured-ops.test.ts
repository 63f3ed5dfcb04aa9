import { describe, expect, it } from 'vitest';
import { syntheticConfig } from '../model/synthetic-configs';
import { measuredOps } from './measured-ops';
import { stepOpCounts, sumCosts } from './op-costs';

const config = syntheticConfig({ width: 64, layers: 1 });
const counts = stepOpCounts(config, [{ cached: 3, newTokens: 1 }], 1);
const time = (covers: string[], seconds = 1e-6) =>
  ({ name: covers.join(' + '), covers, seconds, clock: 'wall-clock' }) as const;

describe('measuredOps', () => {
  it('gives each time the summed costs of the ops it covers, and the kind of the heaviest', () => {
    const fused = ['layer 0 attention norm', 'layer 0 q projection', 'layer 0 k projection'];
    const rest = counts.filter((c) => !fused.includes(c.name)).map((c) => time([c.name]));
    const joined = measuredOps(counts, [time(fused, 5e-6), ...rest]);
    expect(joined).toHaveLength(counts.length - 2);
    expect(joined[0]).toMatchObject({ kind: 'matmul', layer: 0, seconds: 5e-6 });
    const expected = sumCosts(counts.filter((c) => fused.includes(c.name)));
    expect(joined[0]!.bytes).toBe(expected.bytes);
    expect(joined[0]!.flops).toBe(expected.flops);
    expect(joined.reduce((sum, j) => sum + j.bytes, 0)).toBe(sumCosts(counts).bytes);
  });

  it('refuses a missing, unknown or doubly timed op', () => {
    const all = counts.map((c) => time([c.name]));
    expect(() => measuredOps(counts, all.slice(1))).toThrow('no time was measured for embedding');
    expect(() => measuredOps(counts, [...all, time(['layer 9 q projection'])])).toThrow(
      'which the step does not have',
    );
    expect(() => measuredOps(counts, [...all, time(['embedding'])])).toThrow('embedding is timed twice');
  });
});
