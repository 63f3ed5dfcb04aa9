import { describe, expect, it } from 'vitest';
import { parameterCount, stepOpCounts, sumCosts, type WeightScheme } from '@engine/index';
import { fitModel } from '../frame/model-fit';
import { testRates } from '../testing/device-rates';
import { TEST_CPU, testAdapter } from '../testing/probes';
import {
  describeFormatSpeed,
  FORMAT_CONTEXT,
  FORMAT_SHAPE,
  formatPoint,
  formatReadout,
  formatRows,
  formatsFor,
  formatsNote,
  formatsOf,
  formatSizes,
  LARGEST,
  linearBitsPerWeight,
  SPEED_FORMATS,
  speedup,
  stepCost,
  type FormatPoint,
} from './format-speed';

const sizes = formatSizes();
const xs = sizes.find((s) => s.id === 'xs')!.config;
const byId = (id: string) => SPEED_FORMATS.find((f) => f.id === id)!;
const int4: WeightScheme = { kind: 'int', bits: 4, group: 128, zeroPoint: false };

describe('the sizes', () => {
  it('are Llama-shaped with every input width a multiple of 128, so groups of 32 and 128 divide it', () => {
    for (const { config } of sizes) {
      expect(config.hiddenSize % 128).toBe(0);
      expect(config.intermediateSize % 128).toBe(0);
      expect(config.intermediateSize).toBeGreaterThanOrEqual((8 / 3) * config.hiddenSize);
      expect(config.intermediateSize - (8 / 3) * config.hiddenSize).toBeLessThan(128);
    }
    expect(sizes.map((s) => [s.id, s.config.hiddenSize, s.config.intermediateSize])).toEqual([
      ['xs', 128, 384],
      ['s', 256, 768],
      ['m', 512, 1408],
      ['l', 1024, 2816],
      ['xl', 1536, 4096],
      ['xxl', 2048, 5504],
      [LARGEST, 4096, 11008],
    ]);
  });

  it('run from a CPU-sized model to 2.8 GB in f32, and the Llama 2 7B shape from f16 down', () => {
    expect(sizes.filter((s) => s.cpu).map((s) => s.id)).toEqual(['xs', 's']);
    expect(sizes.find((s) => s.id === 'xxl')!.label).toBe('710 million parameters · 2.8 GB in f32');
    const llama = sizes.at(-1)!;
    expect(llama.config).toMatchObject({ numLayers: 32, numHeads: 32, numKvHeads: 32, headDim: 128 });
    expect(llama.label).toBe('Llama 2 7B shape · 6.5 billion parameters · 13 GB in f16');
    expect(parameterCount(llama.config)).toBe(6_478_368_768);
    expect(formatsFor(LARGEST).map((f) => f.name)).toEqual([
      'f16',
      'int8 per channel',
      'int4 g32',
      'int4 g128',
    ]);
    expect(formatsFor('l').map((f) => f.name)).toEqual([
      'f32',
      'f16',
      'int8 per channel',
      'int4 g32',
      'int4 g128',
    ]);
  });

  it("measure the reader's own model in the formats whose groups divide its widths, and say which are left out", () => {
    const own = (hiddenSize: number, intermediateSize: number) => ({
      id: 'yours',
      label: 'yours',
      cpu: true,
      own: true as const,
      config: { ...xs, hiddenSize, intermediateSize, numHeads: hiddenSize / 64, headDim: 64 },
    });
    expect(formatsOf(own(576, 1536)).map((f) => f.id)).toEqual(['f32', 'f16', 'int8', 'int4-g32']);
    expect(formatsNote(own(576, 1536))).toBe(
      'int4 g128 is left out: its groups do not divide every input width of this model (D 576, N·H 576, F 1536).',
    );
    expect(formatsOf(own(2048, 8192))).toEqual(SPEED_FORMATS);
    expect(formatsNote(own(2048, 8192))).toBeUndefined();
    expect(formatsNote(sizes.at(-1)!)).toBe(
      'The Llama 2 7B shape is measured from f16 down: in f32 it would need 26 GB.',
    );
  });

  it('are offered by the one model-fit rule: the small ones on the CPU, the 7B shape only where a 180 MB buffer binds', () => {
    expect(fitModel(sizes, 'l', TEST_CPU, FORMAT_SHAPE).running.id).toBe('s');
    const small = fitModel(sizes, LARGEST, testAdapter(128 * 2 ** 20), FORMAT_SHAPE);
    expect(small.options.map((o) => o.value)).not.toContain(LARGEST);
    expect(small.running.id).toBe('xxl');
    expect(fitModel(sizes, LARGEST, testAdapter(2 ** 30), FORMAT_SHAPE).running.id).toBe(LARGEST);
  });
});

describe('bytes per step per format', () => {
  it('stores 4.125 bits per weight at int4 g128, 4.5 at g32, 16 at f16 and 32 at f32', () => {
    // A 128-input row of int4 codes is 64 bytes; its one f16 scale adds 2: 66 × 8 ÷ 128 = 4.125.
    expect(linearBitsPerWeight(xs, int4)).toBe(4.125);
    expect(linearBitsPerWeight(xs, byId('int4-g32').scheme)).toBe(4.5);
    expect(linearBitsPerWeight(xs, { kind: 'f16' })).toBe(16);
    expect(linearBitsPerWeight(xs, { kind: 'f32' })).toBe(32);
  });

  it('counts the linear layers as stored and the head at 16 bits: f32 − int4 g128 is their difference alone', () => {
    // xs: D 128, F 384, 2 layers. Per layer, 212,992 weights: 851,968 bytes in f32; in int4 g128 the codes and
    // scales of q, k, v, o (8,448 each), gate and up (25,344 each) and down (25,344): 109,824.
    const layer = 851_968 - 109_824;
    // The head (V 256 × D 128) goes from 4 bytes a weight to 2.
    const head = 256 * 128 * 2;
    const steps = 4;
    expect(stepCost(xs, { kind: 'f32' }, steps).bytes - stepCost(xs, int4, steps).bytes).toBe(
      2 * layer + head,
    );
  });

  it('averages the timed steps, each one cached token longer, as the decode-sweep job runs them', () => {
    const cost = (cached: number) => sumCosts(stepOpCounts(xs, [{ cached, newTokens: 1 }], 1, int4));
    const mean = (cost(FORMAT_CONTEXT + 1).bytes + cost(FORMAT_CONTEXT + 2).bytes) / 2;
    expect(stepCost(xs, int4, 2).bytes).toBe(mean);
    // The cache holds the context, the untimed step and every timed step.
    expect(FORMAT_SHAPE.numBlocks * FORMAT_SHAPE.blockSize).toBeGreaterThanOrEqual(FORMAT_CONTEXT + 2 + 64);
  });
});

describe('predictions', () => {
  const rates = testRates(100e9, 1e12);
  const f32 = formatPoint(xs, byId('f32'), 4, 1e-3, rates);
  const q4 = formatPoint(xs, byId('int4-g128'), 4, 0.4e-3, rates);

  it('divides the counted bytes by the measured step and by the copy bandwidth', () => {
    const { bytes } = stepCost(xs, { kind: 'f32' }, 4);
    expect(f32.bytes).toBe(bytes);
    expect(f32.achievedBandwidth).toBeCloseTo(bytes / 1e-3, 6);
    expect(f32.shareOfCopy).toBeCloseTo(bytes / 1e-3 / 100e9, 12);
    expect(f32.tokensPerSecond).toBeCloseTo(1000, 9);
    // Memory-bound at batch 1: the analytic step is the bytes at the copy bandwidth.
    expect(f32.predictedSeconds).toBeCloseTo(bytes / 100e9, 15);
    expect(q4.predictedSeconds).toBeCloseTo(q4.bytes / 100e9, 15);
    expect(speedup([f32, q4], 'f32', 'int4-g128')).toEqual({
      measured: 2.5,
      predicted: f32.bytes / q4.bytes,
    });
  });

  it('takes the compute time where FLOPs outlast the bytes', () => {
    const slow = formatPoint(xs, byId('int4-g128'), 4, 1e-3, testRates(100e9, 1e6));
    const { flops } = stepCost(xs, int4, 4);
    expect(slow.predictedSeconds).toBeCloseTo(flops / 1e6, 12);
  });

  it('leaves out the share and the prediction when the device could not be measured', () => {
    const bare = formatPoint(xs, byId('f16'), 4, 1e-3, undefined);
    expect(bare.shareOfCopy).toBeUndefined();
    expect(bare.predictedSeconds).toBeUndefined();
    expect(formatRows([bare])[0]!.slice(-3)).toEqual(['—', '—', '—']);
  });
});

describe('words and table', () => {
  const rates = testRates(100e9, 1e12);
  const point = (id: string, ms: number): FormatPoint => formatPoint(xs, byId(id), 4, ms / 1e3, rates);
  // Arriving fewest bytes first, as the run measures them.
  const points = [
    point('int4-g128', 0.5),
    point('int4-g32', 0.55),
    point('int8', 0.8),
    point('f16', 1.2),
    point('f32', 2),
  ];

  it('reads out the copy bandwidth, the fastest format and int4 g128 over f16', () => {
    const readout = formatReadout({ points, copyBandwidth: 100e9 });
    expect(readout.map((r) => [r.label, r.value])).toEqual([
      ['Copy bandwidth', '100 GB/s'],
      ['Fastest', 'int4 g128: 2,000 tokens/s'],
      ['int4 g128 over f16', '×2.4'],
      ['int4 g128 over f16, predicted', expect.stringMatching(/^×\d\.\d+$/)],
    ]);
    expect(formatReadout({ points: [] })).toEqual([]);
  });

  it('describes each format most bytes first, the gain, and the gap to the prediction', () => {
    const text = describeFormatSpeed({ points, copyBandwidth: 100e9 }, 'this GPU');
    expect(text).toMatch(
      /^Measured on this GPU, one sequence, batch-1 decode steps: f32 2 ms \([\d.]+ MB per step, [\d.]+ % of the copy bandwidth\); f16 1\.2 ms /,
    );
    expect(text).toMatch(
      /int4 g128 moves [\d.]+ times fewer bytes per step than f32 and decodes 4 times as fast\./,
    );
    expect(text).toMatch(/Measured steps take [\d.,]+ to [\d.,]+ times the analytic prediction/);
    expect(describeFormatSpeed({ points: [] }, 'the CPU')).toBe('Not measured yet.');
  });

  it('tabulates one row per format in the chart’s order', () => {
    const rows = formatRows(points);
    expect(rows.map((r) => r[0])).toEqual(['f32', 'f16', 'int8 per channel', 'int4 g32', 'int4 g128']);
    expect(rows[4]!.slice(0, 5)).toEqual([
      'int4 g128',
      '4.13',
      expect.stringMatching(/ kB$/),
      '500 µs',
      '2,000',
    ]);
  });
});
