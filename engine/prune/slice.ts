/**
 * Structured pruning by slicing: a model cut down to the embedding channels, layers, attention heads and MLP
 * neurons it keeps. The result is an ordinary, smaller model (its own config and f32 weights), so every backend,
 * op count and byte count sees its real size; masking the pruned parts instead would leave the cost unchanged.
 *
 * Grouped-query attention stays consistent: query head h reads key/value group ⌊h / (N/K)⌋, so the kept heads
 * must fill whole groups evenly (the same number in each kept group), and each kept group keeps its key and value
 * rows. Every layer keeps the same counts, since one config describes them all.
 */
import type { LlamaConfig } from '../model/config';
import type { LayerWeights, LlamaWeights } from '../model/weights';
import { f32Values, type Matrix } from '../quant/encoded-matrix';

/** What a pruned model keeps, as indices into the original model (each list ascending). */
export interface Kept {
  /** Residual-stream channels, of D. */
  channels: readonly number[];
  /** Layers, of L, in order. */
  layers: readonly number[];
  /** Per kept layer, its query heads, of N. */
  heads: readonly (readonly number[])[];
  /** Per kept layer, its MLP neurons, of F. */
  neurons: readonly (readonly number[])[];
}

/** Everything of `config`'s model: slicing with it returns an equal model. */
export function keepAll(config: LlamaConfig): Kept {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const layers = range(config.numLayers);
  return {
    channels: range(config.hiddenSize),
    layers,
    heads: layers.map(() => range(config.numHeads)),
    neurons: layers.map(() => range(config.intermediateSize)),
  };
}

/** The key/value groups the heads fill, checking that every one of them holds as many kept heads. */
function groupsOf(heads: readonly number[], headsPerGroup: number, layer: number): number[] {
  const counts = new Map<number, number>();
  for (const h of heads)
    counts.set(Math.floor(h / headsPerGroup), (counts.get(Math.floor(h / headsPerGroup)) ?? 0) + 1);
  if (new Set(counts.values()).size > 1) {
    const filled = [...counts].map(([g, n]) => `${n} of group ${g}`).join(', ');
    throw new Error(
      `layer ${layer} keeps ${filled} of its query heads: grouped-query attention needs the same number in every kept key/value group`,
    );
  }
  return [...counts.keys()];
}

function checkIndices(name: string, indices: readonly number[], size: number): void {
  if (indices.length === 0) throw new Error(`a pruned model needs at least one of its ${name}`);
  indices.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= size) throw new Error(`${name} ${v} is outside 0…${size - 1}`);
    if (i > 0 && v <= indices[i - 1]!) throw new Error(`the kept ${name} must be ascending and distinct`);
  });
}

/** The (rows.length, cols.length) block of a (·, I) row-major matrix. */
function block(m: Matrix, I: number, rows: readonly number[], cols: readonly number[]): Float32Array {
  const values = f32Values(m);
  const out = new Float32Array(rows.length * cols.length);
  rows.forEach((r, i) => cols.forEach((c, j) => (out[i * cols.length + j] = values[r * I + c]!)));
  return out;
}

/** Rows h·H … h·H + H − 1 of each of the given heads (or groups). */
const headRows = (heads: readonly number[], H: number) =>
  heads.flatMap((h) => Array.from({ length: H }, (_, i) => h * H + i));

/** The config of the model `config` sliced to what `kept` names (the checks are sliceModel's). */
export function slicedConfig(config: LlamaConfig, kept: Kept): LlamaConfig {
  const headsPerGroup = config.numHeads / config.numKvHeads;
  return {
    ...config,
    hiddenSize: kept.channels.length,
    intermediateSize: kept.neurons[0]!.length,
    numLayers: kept.layers.length,
    numHeads: kept.heads[0]!.length,
    numKvHeads: new Set(kept.heads[0]!.map((h) => Math.floor(h / headsPerGroup))).size,
  };
}

/** The model `config`, `weights` keeps under `kept`, as a new config and new f32 weights. */
export function sliceModel(
  config: LlamaConfig,
  weights: LlamaWeights,
  kept: Kept,
): { config: LlamaConfig; weights: LlamaWeights } {
  const { hiddenSize: D, intermediateSize: F, numHeads: N, numKvHeads: K, headDim: H, vocabSize: V } = config;
  if (config.kvShareGroup && config.kvShareGroup > 1)
    throw new Error('a model whose layers share KV caches cannot be pruned by slicing');
  checkIndices('channels', kept.channels, D);
  checkIndices('layers', kept.layers, config.numLayers);
  if (kept.heads.length !== kept.layers.length || kept.neurons.length !== kept.layers.length)
    throw new Error('heads and neurons are needed for every kept layer');
  const sliced = slicedConfig(config, kept);
  const { numHeads, intermediateSize, numKvHeads } = sliced;
  const headsPerGroup = N / K;
  const channels = kept.channels;
  const all = (n: number) => Array.from({ length: n }, (_, i) => i);
  const layers: LayerWeights[] = kept.layers.map((l, i) => {
    const heads = kept.heads[i]!;
    const neurons = kept.neurons[i]!;
    checkIndices(`heads of layer ${l}`, heads, N);
    checkIndices(`neurons of layer ${l}`, neurons, F);
    if (heads.length !== numHeads || neurons.length !== intermediateSize)
      throw new Error('every kept layer must keep the same number of heads and of neurons');
    const groups = groupsOf(heads, headsPerGroup, l);
    if (groups.length !== numKvHeads) throw new Error('every kept layer must keep the same number of groups');
    const w = weights.layers[l]!;
    const [qRows, kvRows] = [headRows(heads, H), headRows(groups, H)];
    return {
      attnNorm: entries(w.attnNorm, channels),
      wq: block(w.wq, D, qRows, channels),
      wk: block(w.wk!, D, kvRows, channels),
      wv: block(w.wv!, D, kvRows, channels),
      ...(w.bq && w.bk && w.bv
        ? { bq: entries(w.bq, qRows), bk: entries(w.bk, kvRows), bv: entries(w.bv, kvRows) }
        : {}),
      wo: block(w.wo, N * H, channels, qRows),
      mlpNorm: entries(w.mlpNorm, channels),
      wGate: block(w.wGate, D, neurons, channels),
      wUp: block(w.wUp, D, neurons, channels),
      wDown: block(w.wDown, F, channels, neurons),
    };
  });
  const embed = block(weights.embed, D, all(V), channels);
  const lmHead = config.tieWordEmbeddings ? embed : block(weights.lmHead, D, all(V), channels);
  return {
    config: sliced,
    weights: { embed, layers, finalNorm: entries(weights.finalNorm, channels), lmHead },
  };
}

/** The entries of a vector (a norm's gains, a bias) at the kept indices. */
function entries(vector: Float32Array, kept: readonly number[]): Float32Array {
  return Float32Array.from(kept, (i) => vector[i]!);
}
