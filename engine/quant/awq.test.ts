import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { matmul } from '../cpu/matmul';
import { PagedKvCache } from '../kv/paged-kv-cache';
import type { LlamaConfig } from '../model/config';
import { Random } from '../model/random';
import { syntheticConfig, TEST_CONFIG } from '../model/synthetic-configs';
import { syntheticWeights } from '../model/synthetic';
import type { LlamaWeights } from '../model/weights';
import { ModelRunner } from '../model-runner';
import { ActivationRecorder, calibrationForward, type Calibration } from './activation-stats';
import { AWQ_ALPHAS, applyAwq, awqLoss, awqScales, awqScalesFor, awqSearch, foldAwqScales } from './awq';
import { encodeWeights } from './encode-weights';
import { f32Values } from './encoded-matrix';
import { plantOutlier } from './plant-outlier';
import { dequantizeMatrix, quantizeMatrix } from './quantize';
import type { IntScheme } from './scheme';

const INT4_G32: IntScheme = { kind: 'int', bits: 4, group: 32, zeroPoint: true };

function tokens(seed: number, length: number): number[] {
  const rng = new Random(seed);
  return Array.from({ length }, () => rng.int(256));
}

function calibrate(c: LlamaConfig, weights: LlamaWeights, seed: number, T: number): Calibration {
  const recorder = new ActivationRecorder(c, T);
  calibrationForward(c, weights, tokens(seed, T), recorder);
  return recorder.calibration();
}

/** The CPU backend's logits for every token of `prompt`. */
async function logits(c: LlamaConfig, weights: LlamaWeights, prompt: number[]): Promise<Float32Array> {
  const shape = { numBlocks: 16, blockSize: 4 };
  const runner = new ModelRunner(new CpuBackend(c, weights, shape), new PagedKvCache(shape), c);
  const [out] = await runner.forward([{ seq: runner.create(), tokens: prompt, logits: 'all' }]);
  return out!;
}

const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const rmsDiff = (a: Float32Array, b: Float32Array) =>
  Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0) / a.length);

/** The synthetic test model with four outlier channels planted (two per layer, one at each norm). */
function outlierModel(factor: number): LlamaWeights {
  const sites = [
    [0, 3, 'attention'],
    [0, 50, 'mlp'],
    [1, 40, 'attention'],
    [1, 17, 'mlp'],
  ] as const;
  return sites.reduce(
    (w, [layer, channel, site]) => plantOutlier(w, { layer, channel, factor, site }),
    syntheticWeights(TEST_CONFIG, 21),
  );
}

describe('awqScalesFor', () => {
  it('raises mean |x| to α and divides by the geometric mean of the extremes', () => {
    const m = Float32Array.of(1, 4, 16);
    expect(Array.from(awqScalesFor(m, 0.5))).toEqual([0.5, 1, 2]); // 1, 2, 4 over √(4 · 1)
    expect(Array.from(awqScalesFor(m, 1))).toEqual([0.25, 1, 4]); // over √16
    expect(Array.from(awqScalesFor(m, 0))).toEqual([1, 1, 1]);
  });

  it('floors a silent channel at 1e-4 before normalising', () => {
    const s = awqScalesFor(Float32Array.of(0, 1), 0.5);
    expect(s[1]! / s[0]!).toBeCloseTo(1e4, 0);
    expect(s[0]! * s[1]!).toBeCloseTo(1, 6);
  });

  it('gives the float32 bits numpy gives', () => {
    // python: p = np.maximum(np.power(m.astype(np.float64), k / 20).astype(np.float32), np.float32(1e-4));
    // s = p / np.sqrt(p.max() * p.min()), for m = float32([0.5, 3, 0.01, 0, 12.25, 1.7]).
    const m = Float32Array.of(0.5, 3, 0.01, 0, 12.25, 1.7);
    expect(Array.from(awqScalesFor(m, AWQ_ALPHAS[7]!))).toEqual([
      50.60759735107422, 94.74768829345703, 12.8699312210083, 0.006450244691222906, 155.0328826904297,
      77.66642761230469,
    ]);
    expect(Array.from(awqScalesFor(m, AWQ_ALPHAS[13]!))).toEqual([
      28.228397369384766, 90.46582794189453, 2.2200140953063965, 0.0044295103289186954, 225.75856018066406,
      62.538516998291016,
    ]);
  });
});

describe('awqLoss', () => {
  const [O, I, T] = [3, 32, 5];
  const rng = new Random(12);
  const w = rng.uniformArray(O * I, 0.3);
  const rows = rng.uniformArray(T * I, 2);
  const meanAbs = rng.uniformArray(I, 1).map(Math.abs);

  /** ‖Q(W·diag(s))·diag(1/s)·Xᵀ − W·Xᵀ‖², worked out through matmul. */
  function expected(s: Float32Array): number {
    const scaled = w.map((v, k) => v * s[k % I]!);
    const back = dequantizeMatrix(quantizeMatrix(scaled, O, I, INT4_G32)).map((v, k) => v / s[k % I]!);
    const [y, yHat] = [new Float32Array(T * O), new Float32Array(T * O)];
    matmul(y, rows, w, T, I, O);
    matmul(yHat, rows, back, T, I, O);
    return y.reduce((sum, v, k) => sum + (yHat[k]! - v) ** 2, 0);
  }

  it('is the squared output error of the scaled, quantized, unscaled weight', () => {
    for (const alpha of [0, 0.5, 1]) {
      const s = awqScalesFor(meanAbs, alpha);
      const loss = awqLoss([w], s, rows, T, INT4_G32);
      expect(loss).toBeGreaterThan(0);
      expect(Math.abs(loss - expected(s)) / loss).toBeLessThan(1e-4);
    }
  });

  it('adds the layers of a group', () => {
    const s = awqScalesFor(meanAbs, 0.3);
    const w2 = w.map((v) => v * 3);
    const both = awqLoss([w, w2], s, rows, T, INT4_G32);
    expect(both).toBeCloseTo(awqLoss([w], s, rows, T, INT4_G32) + awqLoss([w2], s, rows, T, INT4_G32), 10);
  });
});

describe('awqScales', () => {
  // Four salient input channels, 30 times the others: the case AWQ is made for.
  const [O, I, T] = [16, 64, 32];
  const rng = new Random(3);
  const w = rng.uniformArray(O * I, 0.2);
  const rows = Float32Array.from({ length: T * I }, (_, k) => rng.normal() * (k % I < 4 ? 30 : 1));
  const meanAbs = new Float32Array(I).map((_, i) => {
    let sum = 0;
    for (let t = 0; t < T; t++) sum += Math.abs(rows[t * I + i]!);
    return sum / T;
  });

  it('finds an α between round-to-nearest and full scaling that cuts the error', () => {
    const search = awqScales([w], meanAbs, rows, T, INT4_G32);
    expect(search.losses.length).toBe(21);
    expect(search.alpha).toBeGreaterThan(0);
    expect(search.alpha).toBeLessThan(1);
    const best = search.losses[AWQ_ALPHAS.indexOf(search.alpha)]!;
    expect(best).toBe(Math.min(...search.losses));
    expect(best).toBeLessThan(0.5 * search.losses[0]!); // α = 0 is round-to-nearest
    expect(search.losses[0]).toBe(awqLoss([w], new Float32Array(I).fill(1), rows, T, INT4_G32));
    expect(Array.from(search.scales)).toEqual(Array.from(awqScalesFor(meanAbs, search.alpha)));
    const [salient, rest] = [search.scales.subarray(0, 4), search.scales.subarray(4)];
    expect(Math.min(...salient)).toBeGreaterThan(Math.max(...rest));
  });

  it('keeps round-to-nearest when nothing is lost (a tie goes to the smaller α)', () => {
    const search = awqScales([new Float32Array(O * I)], meanAbs, rows, T, INT4_G32);
    expect(search.alpha).toBe(0);
    expect(Array.from(search.scales)).toEqual(new Array(I).fill(1));
  });
});

describe('foldAwqScales', () => {
  it('divides the gains and up rows by the scales and multiplies the columns, in f32', () => {
    const weights = syntheticWeights(TEST_CONFIG, 2);
    const { hiddenSize: D, intermediateSize: F } = TEST_CONFIG;
    const rng = new Random(4);
    const draw = (n: number) => rng.uniformArray(n, 0.9).map((v) => 1 + v);
    const scales = weights.layers.map(() => ({ attnInput: draw(D), mlpInput: draw(D), downInput: draw(F) }));
    const folded = foldAwqScales(weights, scales);
    const [w, f, s] = [weights.layers[1]!, folded.layers[1]!, scales[1]!];
    const at = (m: Parameters<typeof f32Values>[0], k: number) => f32Values(m)[k]!;
    const f32 = Math.fround;
    expect(f.attnNorm[5]).toBe(f32(w.attnNorm[5]! / s.attnInput[5]!));
    expect(f.mlpNorm[7]).toBe(f32(w.mlpNorm[7]! / s.mlpInput[7]!));
    expect(at(f.wk!, 3 * D + 5)).toBe(f32(at(w.wk!, 3 * D + 5) * s.attnInput[5]!));
    expect(at(f.wGate, 9 * D + 7)).toBe(f32(at(w.wGate, 9 * D + 7) * s.mlpInput[7]!));
    expect(at(f.wUp, 9 * D + 7)).toBe(f32(f32(at(w.wUp, 9 * D + 7) * s.mlpInput[7]!) / s.downInput[9]!));
    expect(at(f.wDown, 2 * F + 9)).toBe(f32(at(w.wDown, 2 * F + 9) * s.downInput[9]!));
    expect(f.wo).toBe(w.wo);
  });
});

describe('applyAwq', () => {
  const model = outlierModel(16);
  const calibration = calibrate(TEST_CONFIG, model, 31, 16);
  const prompt = tokens(32, 16);

  it('leaves the unquantized model’s logits the same up to f32 rounding', async () => {
    const scaled = applyAwq(TEST_CONFIG, model, calibration, INT4_G32);
    expect(scaled.layers[0]!.attnNorm[3]).not.toBe(model.layers[0]!.attnNorm[3]); // scales were folded
    const reference = await logits(TEST_CONFIG, model, prompt);
    const after = await logits(TEST_CONFIG, scaled, prompt);
    expect(rmsDiff(after, reference)).toBeLessThan(1e-5 * maxAbs(reference));
  });

  it('scales the planted outlier channels the most', () => {
    const search = awqSearch(TEST_CONFIG, model, calibration, INT4_G32);
    const top = (s: Float32Array) => s.indexOf(Math.max(...s));
    expect(search.map((l) => [top(l.attnInput.scales), top(l.mlpInput.scales)])).toEqual([
      [3, 50],
      [40, 17],
    ]);
    expect(search[0]!.attnInput.alpha).toBeGreaterThan(0.3);
  });

  it('brings the int4 model’s logits closer to the f32 model’s than round-to-nearest does', async () => {
    const reference = await logits(TEST_CONFIG, model, prompt);
    const rtn = await logits(TEST_CONFIG, encodeWeights(TEST_CONFIG, model, INT4_G32), prompt);
    const scaled = applyAwq(TEST_CONFIG, model, calibration, INT4_G32);
    const awq = await logits(TEST_CONFIG, encodeWeights(TEST_CONFIG, scaled, INT4_G32), prompt);
    // 0.68 of round-to-nearest's error here (0.57 to 0.69 over other seeds and prompts).
    expect(rmsDiff(awq, reference)).toBeLessThan(0.8 * rmsDiff(rtn, reference));
  });

  it('searches only q in a layer that shares an earlier layer’s keys and values', async () => {
    const c = syntheticConfig({ width: 64, layers: 2, heads: 4, kvHeads: 2, kvShareGroup: 2 });
    const weights = syntheticWeights(c, 6);
    const scaled = applyAwq(c, weights, calibrate(c, weights, 7, 8), INT4_G32);
    expect('wk' in scaled.layers[1]!).toBe(false);
    const [reference, after] = [await logits(c, weights, prompt), await logits(c, scaled, prompt)];
    expect(rmsDiff(after, reference)).toBeLessThan(1e-5 * maxAbs(reference));
  });

  it('refuses statistics of the wrong width', () => {
    const wrong = { ...calibration, T: calibration.T + 1 };
    expect(() => awqSearch(TEST_CONFIG, model, wrong, INT4_G32)).toThrow(/do not match/);
  });
});
