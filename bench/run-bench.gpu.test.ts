// The benchmark runs end to end on a tiny model in the test browser (SwiftShader in CI). Its numbers there are
// not performance; this checks the entry works and its report is complete and self-consistent.
import { describe, expect, it } from 'vitest';
import { F16_ARITHMETIC_ERROR, acquireGpu } from '../engine/bench-entry';
import { runBench } from './run-bench';

describe('benchmark', () => {
  it('runs on a tiny model and reports every section', async () => {
    const report = await runBench(() => acquireGpu(), { tiny: true });
    expect(report.copyBandwidth).toBeGreaterThan(0);
    // The kernels were checked against their CPU twins first, every kind at 1 and 8 rows, all within tolerance.
    expect(report.checks.map((c) => `${c.kernel} ${c.rows}`)).toEqual(
      ['f32', 'f16', 'int4 g128', 'int4 g128 zp', 'f16 norm + gate/up', 'int4 g128 norm + gate/up'].flatMap(
        (k) => [`${k} 1`, `${k} 8`],
      ),
    );
    // The packed ones multiply in f16 where the device has shader-f16 (SwiftShader has not).
    const half = report.features.includes('shader-f16');
    for (const c of report.checks) {
      expect(c.arithmetic).toBe(half && c.kernel !== 'f32' ? 'f16' : 'f32');
      expect(c.relativeError).toBeLessThan(c.arithmetic === 'f16' ? F16_ARITHMETIC_ERROR : 1e-4);
    }
    expect(report.prefill).toHaveLength(1);
    expect(report.decode.map((d) => d.batch)).toEqual([1, 2]);
    for (const d of report.decode) {
      // Batch 1 also timed the prompt's prefill into a fresh sequence.
      if (d.batch === 1) {
        expect(d.prefill?.tokens).toBe(8);
        expect(d.prefill!.tokensPerSecond).toBeCloseTo(8 / d.prefill!.seconds, 6);
      } else expect(d.prefill).toBeUndefined();
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
    // 2-layer overhead model of a tiny run.
    expect(report.overhead.dispatchesPerStep).toBe(1 + 2 * 6 + 3);
    // Lesson 4: the packed kernels alone at batch 1 on both MLP shapes, bytes read counted as the scheme stores them.
    const { quantized } = report;
    expect(quantized.linear.map((r) => `${r.weights} ${r.I}→${r.O}`)).toEqual(
      ['128→384', '384→128'].flatMap((shape) =>
        ['f16', 'int8 per channel', 'int4 g128'].map((w) => `${w} ${shape}`),
      ),
    );
    // int4 g128, 384 inputs → 128 outputs: 192 bytes of codes and 3 f16 scales per row, and the f32 input.
    expect(quantized.linear.at(-1)!.bytesRead).toBe(128 * (192 + 6) + 384 * 4);
    for (const r of quantized.linear) {
      expect(r.copies).toBeGreaterThanOrEqual(2);
      expect(r.fractionOfCopy).toBeCloseTo(r.achievedBandwidth / report.copyBandwidth, 9);
      expect(r.achievedBandwidth).toBeCloseTo(r.bytesRead / r.seconds, 3);
    }
    // The same kernels over rows of 128 features at two workgroup counts (8 output rows each), for each scheme.
    expect(quantized.residency.map((r) => `${r.weights} ${r.I}→${r.O}`)).toEqual(
      ['f16', 'int8 per channel', 'int4 g128'].flatMap((w) => [`${w} 128→32`, `${w} 128→64`]),
    );
    // What an almost empty dispatch costs, at two workgroup counts, where the device can time passes.
    if (report.features.includes('timestamp-query')) {
      expect(quantized.dispatchFloor!.map((f) => f.workgroups)).toEqual([4, 16]);
      for (const f of quantized.dispatchFloor!) {
        expect(f.ordered).toBeGreaterThan(0);
        expect(f.unordered).toBeGreaterThan(0);
      }
    } else expect(quantized.dispatchFloor).toBeUndefined();
    // Batch-1 decode of the same model in f16 and int4 g128 (tiny: D 128, F 128, one layer). Only the seven linear
    // layers differ: 128 × 128 weights each, 32 KB in f16, 8,448 bytes of codes and scales in int4 g128.
    expect(quantized.decode.map((d) => `${d.weights} ${d.batch}`)).toEqual(['f16 1', 'int4 g128 1']);
    expect(quantized.decode[0]!.weightBytes - quantized.decode[1]!.weightBytes).toBe(7 * (32_768 - 8_448));
    expect(quantized.int4OverF16.awaited).toBeCloseTo(
      quantized.decode[1]!.stepSeconds / quantized.decode[0]!.stepSeconds,
      9,
    );
    expect(quantized.int4OverF16.pipelined).toBeCloseTo(
      quantized.decode[1]!.pipelined.stepSeconds / quantized.decode[0]!.pipelined.stepSeconds,
      9,
    );
  }, 600_000); // SwiftShader: minutes when the machine is busy
});
