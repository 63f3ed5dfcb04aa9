// The benchmark runs end to end on a tiny model in the test browser (SwiftShader in CI). Its numbers there are
// not performance; this checks the entry works and its report is complete and self-consistent.
import { describe, expect, it } from 'vitest';
import { acquireGpu } from '../engine/bench-entry';
import { runBench } from './run-bench';

describe('benchmark', () => {
  it('runs on a tiny model and reports every section', async () => {
    const report = await runBench(() => acquireGpu(), { tiny: true });
    expect(report.copyBandwidth).toBeGreaterThan(0);
    expect(report.prefill).toHaveLength(1);
    expect(report.decode.map((d) => d.batch)).toEqual([1, 2]);
    for (const d of report.decode) {
      expect(d.fractionOfCopy).toBeCloseTo(d.achievedBandwidth / report.copyBandwidth, 9);
      expect(d.tokensPerSecond).toBeCloseTo(d.batch / d.stepSeconds, 6);
      expect(d.pipelined.steps).toBe(3);
      expect(d.pipelined.fractionOfCopy).toBeCloseTo(d.pipelined.achievedBandwidth / report.copyBandwidth, 9);
      // The same bytes per step either way.
      expect(d.pipelined.achievedBandwidth * d.pipelined.stepSeconds).toBeCloseTo(
        d.achievedBandwidth * d.stepSeconds,
        0,
      );
    }
    // Every kernel at the row counts it takes: matvec up to 16 rows, the others at all three.
    expect(report.linear.map((r) => `${r.kernel} ${r.rows}`)).toEqual([
      'matvec 1',
      'matvec 2',
      ...['skinny', 'tiled', 'blocked'].flatMap((k) => [`${k} 1`, `${k} 2`, `${k} 20`]),
    ]);
    // Lesson 2's context sweep, on its smallest KV-heavy model: the KV share of the bytes grows with context.
    expect(report.context.map((c) => `${c.model} ${c.context}`)).toEqual(['kv-s 16', 'kv-s 32']);
    expect(report.context[1]!.kvShare).toBeGreaterThan(report.context[0]!.kvShare);
    for (const c of report.context) {
      expect(c.fractionOfCopy).toBeCloseTo(c.achievedBandwidth / report.copyBandwidth, 9);
    }
    // Batch 1 is also timed dispatch by dispatch; every dispatch of the step is there.
    expect(report.decode[0]!.ops).toHaveLength(report.decode[0]!.dispatches);
    // 1 embedding + 6 per layer (fused kernels, norms folded into the projections) + 3 for the logits, on the
    // 4-layer overhead model of a tiny run.
    expect(report.overhead.dispatchesPerStep).toBe(1 + 4 * 6 + 3);
  }, 300_000); // SwiftShader: minutes when the machine is busy
});
