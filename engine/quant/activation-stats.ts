/**
 * What activation-aware quantization calibrates on: the inputs of each layer's linear layers over some calibration
 * tokens. Three sites per layer, one per group of linear layers sharing an input: the attention norm's output (q, k,
 * v read it), the MLP norm's output (gate and up) and SwiGLU's output (down). The o projection's input is not
 * recorded, since awq.ts leaves that layer to round-to-nearest.
 *
 * A forward pass fills an ActivationRecorder by calling `record` at each site with the rows it computed; the
 * recorder keeps the mean |x| per channel over every token it saw (the statistic AWQ scales by, Lin et al. 2023,
 * arXiv:2306.00978) and the first `maxRows` rows themselves (what AWQ measures the output error on).
 * `calibrationForward` is such a pass for one sequence, on the CPU ops without the paged cache; the engine's
 * backends do not record.
 */
import { addBias, addInPlace } from '../cpu/add';
import { attention } from '../cpu/attention';
import { embedding } from '../cpu/embedding';
import { linear } from '../cpu/linear';
import { rmsnorm } from '../cpu/rmsnorm';
import { rope, ropeTables } from '../cpu/rope';
import { swiglu } from '../cpu/swiglu';
import type { LlamaConfig } from '../model/config';
import { kvCacheOf, writesKv } from '../model/kv-sharing';
import type { LlamaWeights } from '../model/weights';

/**
 * One layer's three linear-layer inputs: as statistics, mean |x| per channel, (D), (D), (F); as rows, (T, D),
 * (T, D), (T, F).
 */
export interface LayerInputs {
  /** The attention norm's output, read by wq, wk, wv. */
  attnInput: Float32Array;
  /** The MLP norm's output, read by wGate, wUp. */
  mlpInput: Float32Array;
  /** SwiGLU's output, read by wDown. */
  downInput: Float32Array;
}

export type InputSite = keyof LayerInputs;

export const INPUT_SITES: readonly InputSite[] = ['attnInput', 'mlpInput', 'downInput'];

/** Mean |x| per input channel of every site of every layer, over the calibration tokens. */
export type ActivationStats = LayerInputs[];

export interface Calibration {
  stats: ActivationStats;
  /** The first T calibration tokens' inputs, per layer. */
  rows: LayerInputs[];
  T: number;
}

/** One value per site of each of L layers. */
export function perSite<Value>(
  L: number,
  make: (site: InputSite, layer: number) => Value,
): Record<InputSite, Value>[] {
  return Array.from({ length: L }, (_, l) => ({
    attnInput: make('attnInput', l),
    mlpInput: make('mlpInput', l),
    downInput: make('downInput', l),
  }));
}

/**
 * What a calibration forward reports as it goes: each linear-layer input, and optionally the attention's per-head
 * output (T, N·H) before the o projection and the final norm's output (T, D).
 */
export interface ForwardRecorder {
  record(layer: number, site: InputSite, x: Float32Array, T: number): void;
  recordHeads?(layer: number, att: Float32Array, T: number): void;
  recordFinal?(x: Float32Array, T: number): void;
}

/** Collects a Calibration from the forward passes that call `record`. */
export class ActivationRecorder implements ForwardRecorder {
  readonly #maxRows: number;
  readonly #sums: Record<InputSite, Float64Array>[]; // Σ |x| per channel
  readonly #rows: Record<InputSite, number[][]>[];
  readonly #tokens: Record<InputSite, number>[];

  constructor(config: LlamaConfig, maxRows = 32) {
    const { numLayers: L, hiddenSize: D, intermediateSize: F } = config;
    this.#maxRows = maxRows;
    this.#sums = perSite(L, (site) => new Float64Array(site === 'downInput' ? F : D));
    this.#rows = perSite(L, () => []);
    this.#tokens = perSite(L, () => 0);
  }

  /** Add T rows x (T, width) of `site` in `layer`. */
  record(layer: number, site: InputSite, x: Float32Array, T: number): void {
    const sum = this.#sums[layer]![site];
    const width = sum.length;
    if (x.length < T * width)
      throw new Error(`${T} rows of ${site} need ${T * width} values, not ${x.length}`);
    for (let t = 0; t < T; t++)
      for (let i = 0; i < width; i++) sum[i] = sum[i]! + Math.abs(x[t * width + i]!);
    const kept = this.#rows[layer]![site];
    for (let t = 0; t < T && kept.length < this.#maxRows; t++)
      kept.push(Array.from(x.subarray(t * width, (t + 1) * width)));
    this.#tokens[layer]![site] += T;
  }

  /** The statistics and rows recorded so far, every site over the same tokens; mean |x| rounded to f32. */
  calibration(): Calibration {
    const n = this.#tokens[0]!.attnInput;
    if (n === 0) throw new Error('no calibration tokens were recorded');
    if (this.#tokens.some((counts) => INPUT_SITES.some((site) => counts[site] !== n)))
      throw new Error('the sites were recorded over different numbers of tokens');
    const L = this.#sums.length;
    return {
      stats: perSite(L, (site, l) => Float32Array.from(this.#sums[l]![site], (s) => s / n)),
      rows: perSite(L, (site, l) => Float32Array.from(this.#rows[l]![site].flat())),
      T: Math.min(n, this.#maxRows),
    };
  }
}

/**
 * The model's forward over one sequence (positions 0 … T−1), recording each linear-layer input into `recorder`.
 * Returns the logits (T, V), the same as the CPU backend's up to f32 rounding.
 */
export function calibrationForward(
  c: LlamaConfig,
  weights: LlamaWeights,
  tokens: readonly number[],
  recorder?: ForwardRecorder,
): Float32Array {
  const { hiddenSize: D, intermediateSize: F, numHeads: N, numKvHeads: K, headDim: H, vocabSize: V } = c;
  const T = tokens.length;
  if (T > c.maxPositions)
    throw new Error(`${T} tokens are more than the model's ${c.maxPositions} positions`);
  const positions = Int32Array.from({ length: T }, (_, t) => t);
  const tables = ropeTables(T, H, c.ropeTheta, c.ropeScaling);
  // The sequence's keys and values lie in order: one block of T slots, page table [0].
  const [tableStart, pageTable] = [new Int32Array(T), Int32Array.of(0)];
  const x = new Float32Array(T * D); // (T, D) residual stream
  const h = new Float32Array(T * D);
  const q = new Float32Array(T * N * H);
  const att = new Float32Array(T * N * H);
  const o = new Float32Array(T * D);
  const gate = new Float32Array(T * F);
  const up = new Float32Array(T * F);
  const caches: { k: Float32Array; v: Float32Array }[] = []; // per cache: (T, K·H) each
  embedding(x, weights.embed, Int32Array.from(tokens), T, D, V);
  weights.layers.forEach((w, l) => {
    rmsnorm(h, x, w.attnNorm, T, D, c.rmsNormEps);
    recorder?.record(l, 'attnInput', h, T);
    linear(q, h, w.wq, T, D, N * H);
    if (w.bq) addBias(q, w.bq, T, N * H);
    rope(q, q, positions, tables, T, N, H);
    if (writesKv(c, l)) {
      const kv = { k: new Float32Array(T * K * H), v: new Float32Array(T * K * H) };
      linear(kv.k, h, w.wk!, T, D, K * H);
      linear(kv.v, h, w.wv!, T, D, K * H);
      if (w.bk) addBias(kv.k, w.bk, T, K * H);
      if (w.bv) addBias(kv.v, w.bv, T, K * H);
      rope(kv.k, kv.k, positions, tables, T, K, H);
      caches[kvCacheOf(c, l)] = kv;
    }
    const { k, v } = caches[kvCacheOf(c, l)]!;
    attention(att, q, k, v, positions, tableStart, pageTable, T, N, K, H, T, c.slidingWindow);
    recorder?.recordHeads?.(l, att, T);
    linear(o, att, w.wo, T, N * H, D);
    addInPlace(x, o, T * D);
    rmsnorm(h, x, w.mlpNorm, T, D, c.rmsNormEps);
    recorder?.record(l, 'mlpInput', h, T);
    linear(gate, h, w.wGate, T, D, F);
    linear(up, h, w.wUp, T, D, F);
    swiglu(gate, up, T * F);
    recorder?.record(l, 'downInput', gate, T);
    linear(o, gate, w.wDown, T, F, D);
    addInPlace(x, o, T * D);
  });
  rmsnorm(x, x, weights.finalNorm, T, D, c.rmsNormEps);
  recorder?.recordFinal?.(x, T);
  const logits = new Float32Array(T * V);
  linear(logits, x, weights.lmHead, T, D, V);
  return logits;
}
