/**
 * How much each part of a live model matters, by three criteria, for structured pruning (slice.ts):
 *
 * - 'activation', Minitron's (Muralidharan et al. 2024, arXiv:2407.14679, section 2.2), from forward passes over
 *   calibration text: a head by the mean L2 norm of its output per token (its slice of the o projection's input),
 *   an MLP neuron by its mean |silu(gate)·up|, a residual channel by its mean |x| at the output of every RMSNorm,
 *   summed, and a layer by how much the calibration loss rises when that layer alone is skipped. The same
 *   definitions as training/importance.py.
 * - 'magnitude', the weights alone: the L2 norm of everything a part owns (a head's q rows and o columns, a neuron's
 *   gate and up rows and down column, a channel's embedding column, a layer's linear weights).
 * - 'random': seeded scores, the control any criterion should beat.
 */
import type { LlamaConfig } from '../model/config';
import { Random } from '../model/random';
import type { LlamaWeights } from '../model/weights';
import { LINEAR_KEYS } from '../model/weights';
import { calibrationForward, type ForwardRecorder, type InputSite } from '../quant/activation-stats';
import { f32Values } from '../quant/encoded-matrix';

export type Criterion = 'activation' | 'magnitude' | 'random';

export const CRITERIA: readonly Criterion[] = ['activation', 'magnitude', 'random'];

/** Higher is more important, in every list. */
export interface Importance {
  heads: Float64Array[]; // per layer, (N)
  neurons: Float64Array[]; // per layer, (F)
  channels: Float64Array; // (D)
  layers: Float64Array; // (L)
}

function empty(c: LlamaConfig): Importance {
  return {
    heads: Array.from({ length: c.numLayers }, () => new Float64Array(c.numHeads)),
    neurons: Array.from({ length: c.numLayers }, () => new Float64Array(c.intermediateSize)),
    channels: new Float64Array(c.hiddenSize),
    layers: new Float64Array(c.numLayers),
  };
}

/** Adds Σ_t |x[t, i]| into sums[i] for T rows of width sums.length. */
function addAbs(sums: Float64Array, x: Float32Array, T: number): void {
  const width = sums.length;
  for (let t = 0; t < T; t++) for (let i = 0; i < width; i++) sums[i]! += Math.abs(x[t * width + i]!);
}

/** Sums the activation statistics of forward passes; divide by the tokens seen for the means. */
class ImportanceRecorder implements ForwardRecorder {
  constructor(
    readonly sums: Importance,
    readonly headDim: number,
  ) {}

  record(layer: number, site: InputSite, x: Float32Array, T: number): void {
    addAbs(site === 'downInput' ? this.sums.neurons[layer]! : this.sums.channels, x, T);
  }

  recordHeads(layer: number, att: Float32Array, T: number): void {
    const heads = this.sums.heads[layer]!;
    const [N, H] = [heads.length, this.headDim];
    for (let t = 0; t < T; t++)
      for (let n = 0; n < N; n++) {
        let squares = 0;
        for (let i = 0; i < H; i++) squares += att[(t * N + n) * H + i]! ** 2;
        heads[n]! += Math.sqrt(squares);
      }
  }

  recordFinal(x: Float32Array, T: number): void {
    addAbs(this.sums.channels, x, T);
  }
}

/** Mean next-token loss in nats over every position of every sequence that has a next token. */
export function calibrationLoss(
  c: LlamaConfig,
  weights: LlamaWeights,
  sequences: readonly number[][],
): number {
  let [total, count] = [0, 0];
  for (const tokens of sequences) {
    const logits = calibrationForward(c, weights, tokens);
    for (let t = 0; t + 1 < tokens.length; t++) {
      const row = logits.subarray(t * c.vocabSize, (t + 1) * c.vocabSize);
      const max = row.reduce((m, v) => Math.max(m, v), -Infinity);
      const logSum = Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0)) + max;
      total += logSum - row[tokens[t + 1]!]!;
      count++;
    }
  }
  return total / count;
}

/** The model with one layer left out. */
export function withoutLayer(c: LlamaConfig, weights: LlamaWeights, layer: number) {
  return {
    config: { ...c, numLayers: c.numLayers - 1 },
    weights: { ...weights, layers: weights.layers.filter((_, l) => l !== layer) },
  };
}

/** Minitron's activation importance over the calibration sequences (each at most the model's positions). */
export function activationImportance(
  c: LlamaConfig,
  weights: LlamaWeights,
  sequences: readonly number[][],
): Importance {
  if (c.kvShareGroup && c.kvShareGroup > 1)
    throw new Error('layers that share KV caches are not pruned here');
  const recorder = new ImportanceRecorder(empty(c), c.headDim);
  for (const tokens of sequences) calibrationForward(c, weights, tokens, recorder);
  const tokens = sequences.reduce((n, s) => n + s.length, 0);
  const { heads, neurons, channels } = recorder.sums;
  const mean = (sums: Float64Array) => sums.map((s) => s / tokens);
  const full = calibrationLoss(c, weights, sequences);
  const layers = Float64Array.from({ length: c.numLayers }, (_, l) => {
    const skipped = withoutLayer(c, weights, l);
    return calibrationLoss(skipped.config, skipped.weights, sequences) - full;
  });
  return { heads: heads.map(mean), neurons: neurons.map(mean), channels: mean(channels), layers };
}

/** Σ v² over the rows `rows` (each `width` long) of a row-major matrix. */
function rowSquares(values: Float32Array, width: number, rows: Iterable<number>): number {
  let s = 0;
  for (const r of rows) for (let i = 0; i < width; i++) s += values[r * width + i]! ** 2;
  return s;
}

/** Σ v² over the columns `cols` of a row-major matrix with `width` columns. */
function columnSquares(values: Float32Array, width: number, cols: Iterable<number>): number {
  let s = 0;
  const wanted = [...cols];
  for (let r = 0; r < values.length / width; r++) for (const j of wanted) s += values[r * width + j]! ** 2;
  return s;
}

const range = (start: number, length: number) => Array.from({ length }, (_, i) => start + i);

/** The weight-magnitude criterion: the L2 norm of the weights each part owns. */
export function magnitudeImportance(c: LlamaConfig, weights: LlamaWeights): Importance {
  const { hiddenSize: D, intermediateSize: F, numHeads: N, headDim: H } = c;
  const out = empty(c);
  weights.layers.forEach((w, l) => {
    const [wq, wo, gate, up, down] = [w.wq, w.wo, w.wGate, w.wUp, w.wDown].map(f32Values) as Float32Array[];
    for (let n = 0; n < N; n++)
      out.heads[l]![n] = Math.sqrt(
        rowSquares(wq!, D, range(n * H, H)) + columnSquares(wo!, N * H, range(n * H, H)),
      );
    for (let f = 0; f < F; f++)
      out.neurons[l]![f] = Math.sqrt(
        rowSquares(gate!, D, [f]) + rowSquares(up!, D, [f]) + columnSquares(down!, F, [f]),
      );
    let squares = 0;
    for (const key of LINEAR_KEYS) {
      const m = w[key];
      if (m) for (const v of f32Values(m)) squares += v * v;
    }
    out.layers[l] = Math.sqrt(squares);
  });
  for (let d = 0; d < D; d++) out.channels[d] = Math.sqrt(columnSquares(weights.embed, D, [d]));
  return out;
}

/** Seeded uniform scores in [0, 1): the control. */
export function randomImportance(c: LlamaConfig, seed: number): Importance {
  const rng = new Random(seed);
  const out = empty(c);
  for (const list of [...out.heads, ...out.neurons, out.channels, out.layers])
    for (let i = 0; i < list.length; i++) list[i] = rng.next();
  return out;
}
