/**
 * One real linear layer's weights under a quantization grid (lesson 4): the histogram of the whole tensor, the
 * representable levels of one group (the chosen row's first group) with that group's values and what they round
 * to, and the error of round-to-nearest over the whole tensor in each of a fixed list of schemes. Every number is
 * quantize.ts's, so what the chart shows is what a session stored in that scheme multiplies by.
 *
 * `weightGrid` is a pure function of the model's weights and the request; the job fetches the shipped model once
 * (cpu-model.ts) and keeps the last tensor's errors, since they do not change with the scheme shown.
 */
import { tensorOf, tensorSpecs, LINEAR_KEYS, type LlamaWeights, type TensorSpec } from '../model/weights';
import type { LlamaConfig } from '../model/config';
import { dequantizeMatrix, groupParams, quantizeMatrix } from '../quant/quantize';
import { f32Values } from '../quant/encoded-matrix';
import {
  asymmetricMax,
  bitsPerWeight,
  groupSize,
  schemeName,
  symmetricMax,
  type IntScheme,
} from '../quant/scheme';
import { cpuModel } from './cpu-model';
import { defineDeviceJob } from './job';
import { yieldToEvents } from './yield-to-events';

export interface WeightGridRequest {
  /** Absolute URL of the shipped model's folder. */
  modelUrl: string;
  /** A block linear layer's weight, by its Hugging Face name: model.layers.2.mlp.down_proj.weight. */
  tensor: string;
  /** The scheme whose grid is drawn. */
  scheme: IntScheme;
  /** Output row whose first group is drawn (0 when left out). */
  row?: number;
}

/** Round-to-nearest error of one scheme over a whole tensor. */
export interface SchemeError {
  scheme: IntScheme;
  /** schemeName's: int4 g128 zp. */
  name: string;
  /** Bits stored per weight, scales and zero-points included. */
  bitsPerWeight: number;
  /** √(mean (ŵ − w)²) over the tensor, divided by the tensor's RMS. */
  rmsError: number;
  /** max |ŵ − w| over the tensor, divided by the tensor's RMS. */
  maxError: number;
}

/** One bin of the histogram: weights in [x0, x1) (the last bin includes its right edge). */
export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

/** One group of one row under the chosen scheme. */
export interface GroupGrid {
  row: number;
  /** First input feature of the group, and how many it holds. */
  start: number;
  size: number;
  /** The group's f16 scale s and zero-point z (2ᵇ⁻¹ for a symmetric scheme). */
  scale: number;
  zero: number;
  /** Every value the group can store, s · (code − z) over the codes the scheme uses, ascending. */
  levels: number[];
  /** The group's weights, the level each one is stored as, and the largest |stored − weight|. */
  values: number[];
  stored: number[];
  maxError: number;
}

export interface WeightGridResult {
  tensor: string;
  /** Output rows and input features. */
  O: number;
  I: number;
  /** √(mean w²) and max |w| over the tensor. */
  rms: number;
  absMax: number;
  histogram: HistogramBin[];
  group: GroupGrid;
  /** COMPARISON_SCHEMES' errors, then the chosen scheme's where it is not one of them. */
  errors: SchemeError[];
  /** Index in `errors` of the chosen scheme. */
  chosen: number;
}

/** The schemes the error table compares, at every tensor. */
export const COMPARISON_SCHEMES: readonly IntScheme[] = [
  { kind: 'int', bits: 8, group: 'row', zeroPoint: false },
  { kind: 'int', bits: 4, group: 32, zeroPoint: false },
  { kind: 'int', bits: 4, group: 64, zeroPoint: false },
  { kind: 'int', bits: 4, group: 128, zeroPoint: false },
  { kind: 'int', bits: 4, group: 128, zeroPoint: true },
  { kind: 'int', bits: 3, group: 64, zeroPoint: false },
  { kind: 'int', bits: 2, group: 64, zeroPoint: false },
];

/** Bins of the tensor's histogram, evenly spaced from its smallest weight to its largest. */
export const HISTOGRAM_BINS = 60;

const f32 = Math.fround;

/** The block linear layer called `name`, with its shape; throws for any other tensor. */
export function blockLinear(
  config: LlamaConfig,
  weights: LlamaWeights,
  name: string,
): { values: Float32Array; O: number; I: number } {
  const spec: TensorSpec | undefined = tensorSpecs(config).find((s) => s.name === name);
  const slot = spec?.slot;
  if (!spec || typeof slot !== 'object' || !(LINEAR_KEYS as readonly string[]).includes(slot.key))
    throw new Error(`${name} is not a linear layer of the model's blocks`);
  const [O, I] = spec.shape as [number, number];
  return { values: f32Values(tensorOf(weights, spec)), O, I };
}

/** √(mean w²) and max |w| of `values`. */
function magnitude(values: Float32Array): { rms: number; absMax: number } {
  let squares = 0;
  let absMax = 0;
  for (const v of values) {
    squares += v * v;
    absMax = Math.max(absMax, Math.abs(v));
  }
  return { rms: Math.sqrt(squares / values.length), absMax };
}

/** `bins` equal bins from the smallest value to the largest, with the count in each. */
export function histogram(values: Float32Array, bins = HISTOGRAM_BINS): HistogramBin[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const k = Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[k] = counts[k]! + 1;
  }
  return counts.map((count, k) => ({ x0: lo + k * width, x1: lo + (k + 1) * width, count }));
}

/** Round-to-nearest error of `scheme` over the matrix `values` (O, I), relative to `rms`. */
export function schemeError(
  values: Float32Array,
  O: number,
  I: number,
  scheme: IntScheme,
  rms: number,
): SchemeError {
  const restored = dequantizeMatrix(quantizeMatrix(values, O, I, scheme));
  let squares = 0;
  let max = 0;
  values.forEach((w, k) => {
    const e = restored[k]! - w;
    squares += e * e;
    max = Math.max(max, Math.abs(e));
  });
  return {
    scheme,
    name: schemeName(scheme),
    bitsPerWeight: bitsPerWeight(scheme, O, I),
    rmsError: Math.sqrt(squares / values.length) / rms,
    maxError: max / rms,
  };
}

/** Row `row` of `values` (O, I) quantized in `scheme`: its first group's scale, zero-point, levels and values. */
export function groupGrid(
  values: Float32Array,
  O: number,
  I: number,
  scheme: IntScheme,
  row: number,
): GroupGrid {
  if (!Number.isInteger(row) || row < 0 || row >= O)
    throw new Error(`row ${row} is outside the tensor's ${O}`);
  // Rows are quantized independently, so one row alone gets the codes and scales it gets in the whole matrix.
  const rowValues = values.subarray(row * I, (row + 1) * I);
  const packed = quantizeMatrix(rowValues, 1, I, scheme);
  const size = groupSize(scheme, I);
  const { scale, zero } = groupParams(packed, 0, 0);
  const [first, last] = scheme.zeroPoint
    ? [0, asymmetricMax(scheme.bits)]
    : [zero - symmetricMax(scheme.bits), zero + symmetricMax(scheme.bits)];
  const levels = Array.from({ length: last - first + 1 }, (_, k) => f32(scale * (first + k - zero)));
  const weights = Array.from(rowValues.subarray(0, size));
  const stored = Array.from(dequantizeMatrix(packed).subarray(0, size));
  const maxError = Math.max(...weights.map((w, i) => Math.abs(stored[i]! - w)));
  return { row, start: 0, size, scale, zero, levels, values: weights, stored, maxError };
}

/** Whether two schemes are the same. */
const sameScheme = (a: IntScheme, b: IntScheme) =>
  a.bits === b.bits && a.group === b.group && a.zeroPoint === b.zeroPoint;

/**
 * The weight grid of `request.tensor` in `request.scheme`. `errorOf` gives a scheme's error over the tensor
 * (the job passes one that remembers the last tensor's).
 */
export function weightGrid(
  config: LlamaConfig,
  weights: LlamaWeights,
  { tensor, scheme, row = 0 }: Omit<WeightGridRequest, 'modelUrl'>,
  errorOf: (
    values: Float32Array,
    O: number,
    I: number,
    scheme: IntScheme,
    rms: number,
  ) => SchemeError = schemeError,
): WeightGridResult {
  const { values, O, I } = blockLinear(config, weights, tensor);
  const { rms, absMax } = magnitude(values);
  const schemes = COMPARISON_SCHEMES.some((s) => sameScheme(s, scheme))
    ? COMPARISON_SCHEMES
    : [...COMPARISON_SCHEMES, scheme];
  const errors = schemes.map((s) => errorOf(values, O, I, s, rms));
  return {
    tensor,
    O,
    I,
    rms,
    absMax,
    histogram: histogram(values),
    group: groupGrid(values, O, I, scheme, row),
    errors,
    chosen: schemes.findIndex((s) => sameScheme(s, scheme)),
  };
}

/** The last tensor's errors, by scheme name: they do not change with the scheme or row shown. */
let remembered: { key: string; errors: Map<string, SchemeError> } | undefined;

function rememberedError(key: string) {
  if (remembered?.key !== key) remembered = { key, errors: new Map() };
  const { errors } = remembered;
  return (values: Float32Array, O: number, I: number, scheme: IntScheme, rms: number): SchemeError => {
    const name = schemeName(scheme);
    let error = errors.get(name);
    if (!error) errors.set(name, (error = schemeError(values, O, I, scheme, rms)));
    return error;
  };
}

/** Lesson 4's weight grid, on a shipped model's weights read in the worker whatever the page's backend. */
export const weightGridJob = defineDeviceJob({
  name: 'weight-grid',
  async run(request: WeightGridRequest, progress, signal): Promise<WeightGridResult> {
    const { config, weights } = await cpuModel(request.modelUrl, (fraction) =>
      progress({ stage: 'downloading the weights', fraction: fraction * 0.9 }),
    );
    progress({ stage: 'quantizing the tensor', fraction: 0.9 });
    await yieldToEvents();
    signal.throwIfAborted();
    return weightGrid(config, weights, request, rememberedError(`${request.modelUrl} ${request.tensor}`));
  },
});

declare module './registry' {
  interface JobTable {
    [weightGridJob.name]: typeof weightGridJob;
  }
}
