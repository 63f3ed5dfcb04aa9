import { describe, expect, it } from 'vitest';
import { analytic, stepOpCounts, type DeviceRates, type OpTime } from '@engine/index';
import { syntheticConfig } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import {
  clockName,
  decodePoints,
  describeRoofline,
  measuredRoof,
  measuredRooflineChart,
  phaseTotals,
  plottable,
  roofSource,
  prefillPoints,
  presetRoof,
  rooflineReadout,
  tableRows,
} from './measured-roofline';

const config = syntheticConfig({ width: 128, layers: 2 });
const T = 64;

/** Times for a step's ops: every op as its own dispatch, matmuls `matmul` seconds, the rest `other`. */
function timesFor(counts: ReturnType<typeof stepOpCounts>, matmul: number, other: number): OpTime[] {
  return counts.map((o) => ({
    name: o.name,
    covers: [o.name],
    seconds: o.kind === 'matmul' ? matmul : other,
    clock: 'wall-clock' as const,
  }));
}

const prefillTimes = timesFor(stepOpCounts(config, [{ cached: 0, newTokens: T }], 1), 4e-5, 5e-6);
const decodeTimes = timesFor(stepOpCounts(config, [{ cached: T, newTokens: 1 }], 1), 2e-5, 2e-6);
const points = [...prefillPoints(config, prefillTimes, T), ...decodePoints(config, decodeTimes, T)];
const profile: DeviceRates = {
  backend: 'webgpu',
  copyBandwidth: 200e9,
  peakFlops: 4e12,
  clock: 'wall',
  seconds: 1,
};
const yours = measuredRoof(profile);
const h100 = presetRoof(analytic.hardwareById('h100-sxm'));

describe('measured roofline', () => {
  it('turns each timed dispatch into intensity and achieved rates from counted FLOPs and bytes', () => {
    const q = points.find((p) => p.phase === 'prefill' && p.name === 'layer 0 q projection')!;
    // (64 × 128)·(128 × 128) in f32: 2·64·128·128 FLOPs over (64·128 + 128·128 + 64·128) · 4 bytes.
    expect(q.flops).toBe(2 * 64 * 128 * 128);
    expect(q.bytes).toBe((64 * 128 + 128 * 128 + 64 * 128) * 4);
    expect(q.intensity).toBeCloseTo(16, 10);
    expect(q.achievedFlops).toBeCloseTo(q.flops / 4e-5, 0);
    const decodeQ = points.find((p) => p.phase === 'decode' && p.name === 'layer 0 q projection')!;
    // One row against the same weights: just under half a FLOP per byte in f32.
    expect(decodeQ.intensity).toBeCloseTo((2 * 128 * 128) / ((128 + 128 * 128 + 128) * 4), 10);
    expect(points).toHaveLength(2 * (1 + 2 * 16 + 3));
  });

  it('keeps zero-FLOP and untimed dispatches off the log axes', () => {
    const embedding = points.find((p) => p.name === 'embedding')!;
    expect(plottable(embedding)).toBe(false);
    const untimed = prefillPoints(
      config,
      prefillTimes.map((t) => (t.name === 'final norm' ? { ...t, seconds: 0 } : t)),
      T,
    ).find((p) => p.name === 'final norm')!;
    expect(plottable(untimed)).toBe(false);
    expect(untimed.achievedFlops).toBeNaN();
    expect(tableRows([untimed])[0]!.slice(-2)).toEqual(['—', '—']);
  });

  it('sums each phase into one point', () => {
    const decode = phaseTotals(points, 'decode');
    const mine = points.filter((p) => p.phase === 'decode');
    const matmuls = mine.filter((p) => p.kind === 'matmul').length;
    // Seven projections per layer in two layers, and the output head.
    expect(matmuls).toBe(15);
    expect(decode.seconds).toBeCloseTo(matmuls * 2e-5 + (mine.length - matmuls) * 2e-6, 12);
    expect(decode.intensity).toBeCloseTo(decode.flops / decode.bytes, 12);
    expect(phaseTotals(points, 'prefill').intensity).toBeGreaterThan(10 * decode.intensity);
  });

  it("says where each backend's roof comes from, the CPU's copy arrays included", () => {
    expect(roofSource(profile)).toBe('its measured copy bandwidth and FMA peak');
    expect(roofSource({ ...profile, backend: 'cpu', copyArrayBytes: 64 * 2 ** 20 })).toBe(
      "its measured copy bandwidth (between two 67.1 MB arrays, past most processors' last-level cache, so main " +
        'memory) and JavaScript arithmetic rate',
    );
  });

  it('compares the preset at its f32 roof', () => {
    expect(h100).toEqual({ name: 'NVIDIA H100 SXM f32', peak: 67e12, bandwidth: 3350e9 });
  });

  // Per phase, the embedding, the two layers' KV writes and the logit-row gather do no arithmetic.
  it('names the clock and describes both phases against the measured roof', () => {
    expect(clockName(points)).toBe('wall clock');
    expect(clockName([{ ...points[0]!, clock: 'gpu-timestamp' }])).toBe('GPU timestamps');
    expect(describeRoofline(points, yours, T, 'this GPU')).toBe(
      'Measured on this GPU (wall clock): the 64-token prefill does 10.6 FLOP/byte and reaches 76.6 GFLOP/s, ' +
        '1.9 % of your measured peak; the decode step does 0.489 FLOP/byte and moves 5.63 GB/s, 2.8 % of your ' +
        'measured copy bandwidth. Your ridge is at 20 FLOP/byte. 8 of 72 dispatches do no arithmetic or finished ' +
        "below the clock's resolution; they are in the table only.",
    );
  });

  it("reads out this device's roof and ridge, each phase's achieved rate and the preset's ridge", () => {
    expect(rooflineReadout(points, profile, h100).map((item) => [item.label, item.value])).toEqual([
      ['Your copy bandwidth', '200 GB/s'],
      ['Your peak (f32)', '4 TFLOP/s'],
      ['Your ridge', '20 FLOP/byte'],
      ['Prefill achieved', '76.6 GFLOP/s'],
      ['Decode achieved', '5.63 GB/s'],
      ['NVIDIA H100 SXM f32 ridge', '20 FLOP/byte'],
    ]);
    expect(rooflineReadout(points, { ...profile, backend: 'cpu' }, h100)[1]!.label).toBe(
      'Your arithmetic (JS, f64)',
    );
  });

  it('renders the saved SVG', async () => {
    const svg = renderSvg(measuredRooflineChart(points, yours, h100));
    expect(svg).toContain('>measured: 4 TFLOP/s<');
    expect(svg).toContain('>analytic: 67 TFLOP/s<');
    expect(svg).toContain('>prefill, whole step<');
    expect(svg).toContain('>decode, whole step<');
    await expect(svg).toMatchFileSnapshot('./__snapshots__/measured-roofline.svg');
  });

  it('draws only this device when no preset is given', () => {
    const svg = renderSvg(measuredRooflineChart(points, yours));
    expect(svg).toContain('>measured: 4 TFLOP/s<');
    expect(svg).not.toContain('analytic:');
  });
});
