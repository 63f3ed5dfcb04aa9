// The benchmark runs end to end on a tiny model in the test browser (SwiftShader in CI). Its numbers there are
// not performance; this checks the entry works and its report is complete and self-consistent.
import { describe, expect, it } from 'vitest';
import { acquireGpu } from '../engine/gpu/device';
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
    }
    // Batch 1 is also timed dispatch by dispatch; every dispatch of the step is there.
    expect(report.decode[0]!.ops).toHaveLength(report.decode[0]!.dispatches);
    // 1 embedding + 8 per layer (fused kernels) + 3 for the logits, on the 4-layer overhead model of a tiny run.
    expect(report.overhead.dispatchesPerStep).toBe(1 + 4 * 8 + 3);
  }, 300_000); // SwiftShader: minutes when the machine is busy
});
