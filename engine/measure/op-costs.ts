/**
 * What each op of one forward step must compute and move, from the step's shape alone: FLOPs, and bytes split into
 * weights read, activations read and written, and KV cache read and written. These are the compulsory counts of
 * the roofline model (each operand crosses the bus once), the same formulas as engine/analytic, so a measured
 * time turns into achieved FLOP/s and bytes/s. Activations and the KV cache are f32, as the engine stores them;
 * the linear layers' weights count the bytes of the scheme they are stored in (engine/quant/stored-tensors.ts), scales
 * and zero-points included.
 */
import { matmulCost } from '../analytic/matmul';
import type { LlamaConfig } from '../model/config';
import { writesKv } from '../model/kv-sharing';
import { F32 as F32_SCHEME, headScheme } from '../quant/stored-tensors';
import { matrixBytes, type WeightScheme } from '../quant/scheme';

export type OpKind =
  'embedding' | 'rmsnorm' | 'matmul' | 'rope' | 'kv-write' | 'attention' | 'swiglu' | 'add' | 'gather';

export interface OpCount {
  /** What the op computes, e.g. "layer 3 q projection". */
  name: string;
  kind: OpKind;
  /** Decoder layer, or null for the ops before and after the layers. */
  layer: number | null;
  flops: number;
  weightBytes: number;
  activationReadBytes: number;
  activationWriteBytes: number;
  kvReadBytes: number;
  kvWriteBytes: number;
}

/** One sequence's part of a step: its new tokens, after `cached` tokens already in the KV cache. */
export interface SequenceShape {
  cached: number;
  newTokens: number;
}

const F32 = 4;

export function totalBytes(op: OpCount): number {
  return op.weightBytes + op.activationReadBytes + op.activationWriteBytes + op.kvReadBytes + op.kvWriteBytes;
}

function op(
  name: string,
  kind: OpKind,
  layer: number | null,
  counts: Partial<Omit<OpCount, 'name' | 'kind' | 'layer'>>,
): OpCount {
  return {
    name,
    kind,
    layer,
    flops: 0,
    weightBytes: 0,
    activationReadBytes: 0,
    activationWriteBytes: 0,
    kvReadBytes: 0,
    kvWriteBytes: 0,
    ...counts,
  };
}

/**
 * A linear layer (T×I)·(O×I)ᵀ with weights stored in `scheme`: analytic matmulCost's FLOPs, its bytes split into
 * weights (as stored), input and output.
 */
function linear(
  name: string,
  layer: number | null,
  T: number,
  I: number,
  O: number,
  scheme: WeightScheme,
): OpCount {
  const cost = matmulCost({ B: T, D: I, F: O }, 'f32');
  return op(name, 'matmul', layer, {
    flops: cost.flops,
    weightBytes: matrixBytes(scheme, O, I),
    activationReadBytes: T * I * F32,
    activationWriteBytes: T * O * F32,
  });
}

/**
 * Query–key pairs one head scores for T new tokens after `cached` ones, each seeing at most `window` keys: row t
 * sees min(cached + t + 1, window). Without a window this is analytic's causal count, T·S − T(T − 1)/2.
 */
function windowedPairs(cached: number, T: number, window: number): number {
  const W = Math.min(window, cached + T); // a window longer than the context is no window
  const full = Math.max(0, Math.min(T, W - cached)); // rows whose window reaches back to position 0
  return full * (cached + 1) + (full * (full - 1)) / 2 + (T - full) * W;
}

/**
 * Causal attention of each sequence's new tokens over its cache, summed over sequences: analytic attentionCost's
 * 4·N·H FLOPs per scored pair and one read of each cached key and value, where a sliding window scores only the
 * keys inside it and reads only the positions some row still sees.
 */
function attention(layer: number, sequences: readonly SequenceShape[], c: LlamaConfig): OpCount {
  const { numHeads: N, numKvHeads: K, headDim: H } = c;
  const window = c.slidingWindow ?? Infinity;
  let flops = 0;
  let kvRead = 0;
  for (const { cached, newTokens: T } of sequences) {
    flops += 4 * N * H * windowedPairs(cached, T, window);
    kvRead += 2 * (cached + T - Math.max(0, cached - window + 1)) * K * H * F32;
  }
  const T = sequences.reduce((sum, s) => sum + s.newTokens, 0);
  return op(`layer ${layer} attention`, 'attention', layer, {
    flops,
    activationReadBytes: T * N * H * F32,
    activationWriteBytes: T * N * H * F32,
    kvReadBytes: kvRead,
  });
}

/** The ops of one decoder layer, in the order every backend runs them. */
export const LAYER_OPS = [
  'attention norm',
  'q projection',
  'k projection',
  'v projection',
  'QKV bias',
  'q rotation',
  'k rotation',
  'KV write',
  'attention',
  'o projection',
  'attention residual',
  'MLP norm',
  'gate projection',
  'up projection',
  'SwiGLU',
  'down projection',
  'MLP residual',
] as const;

export type LayerOp = (typeof LAYER_OPS)[number];

/** What a layer that reads a cache shared with an earlier layer does not do (model/kv-sharing.ts). */
const KV_WRITING_OPS: readonly LayerOp[] = ['k projection', 'v projection', 'k rotation', 'KV write'];

/**
 * The ops layer l runs, in order: all of LAYER_OPS, less the projections' biases in a model without them, and less
 * the key and value work where it shares a cache.
 */
export function layerOps(c: LlamaConfig, l: number): readonly LayerOp[] {
  const skipped: readonly LayerOp[] = [
    ...(c.attentionBias ? [] : (['QKV bias'] as const)),
    ...(writesKv(c, l) ? [] : KV_WRITING_OPS),
  ];
  return skipped.length === 0 ? LAYER_OPS : LAYER_OPS.filter((name) => !skipped.includes(name));
}

/** The ops before and after the layers. */
export const HEAD_OPS = ['embedding'] as const;
export const TAIL_OPS = ['logit rows', 'final norm', 'output head'] as const;

/** Every op of one forward step over `sequences`, returning logits for `logitRows` rows, weights in `scheme`. */
export function stepOpCounts(
  c: LlamaConfig,
  sequences: readonly SequenceShape[],
  logitRows: number,
  scheme: WeightScheme = F32_SCHEME,
): OpCount[] {
  const { hiddenSize: D, intermediateSize: F, numHeads: N, numKvHeads: K, headDim: H, vocabSize: V } = c;
  const T = sequences.reduce((sum, s) => sum + s.newTokens, 0);
  const R = logitRows;
  const rmsnorm = (name: string, layer: number | null, rows: number) =>
    op(name, 'rmsnorm', layer, {
      flops: 4 * rows * D,
      weightBytes: D * F32,
      activationReadBytes: rows * D * F32,
      activationWriteBytes: rows * D * F32,
    });
  const add = (name: string, layer: number) =>
    op(name, 'add', layer, {
      flops: T * D,
      activationReadBytes: 2 * T * D * F32,
      activationWriteBytes: T * D * F32,
    });
  const rope = (name: string, layer: number, heads: number) =>
    op(name, 'rope', layer, {
      flops: 3 * T * heads * H,
      activationReadBytes: (T * heads * H + T * H) * F32,
      activationWriteBytes: T * heads * H * F32,
    });
  // The projections' biases, added in place to the rows of q (and of k and v where the layer writes the cache).
  const bias = (layer: number, width: number) =>
    op(`layer ${layer} QKV bias`, 'add', layer, {
      flops: T * width,
      weightBytes: width * F32,
      activationReadBytes: T * width * F32,
      activationWriteBytes: T * width * F32,
    });
  const ops = [
    op('embedding', 'embedding', null, { weightBytes: T * D * F32, activationWriteBytes: T * D * F32 }),
  ];
  for (let l = 0; l < c.numLayers; l++) {
    const runs = new Set(layerOps(c, l).map((name) => `layer ${l} ${name}`));
    const layer = [
      rmsnorm(`layer ${l} attention norm`, l, T),
      linear(`layer ${l} q projection`, l, T, D, N * H, scheme),
      linear(`layer ${l} k projection`, l, T, D, K * H, scheme),
      linear(`layer ${l} v projection`, l, T, D, K * H, scheme),
      bias(l, writesKv(c, l) ? (N + 2 * K) * H : N * H),
      rope(`layer ${l} q rotation`, l, N),
      rope(`layer ${l} k rotation`, l, K),
      op(`layer ${l} KV write`, 'kv-write', l, {
        activationReadBytes: 2 * T * K * H * F32,
        kvWriteBytes: 2 * T * K * H * F32,
      }),
      attention(l, sequences, c),
      linear(`layer ${l} o projection`, l, T, N * H, D, scheme),
      add(`layer ${l} attention residual`, l),
      rmsnorm(`layer ${l} MLP norm`, l, T),
      linear(`layer ${l} gate projection`, l, T, D, F, scheme),
      linear(`layer ${l} up projection`, l, T, D, F, scheme),
      op(`layer ${l} SwiGLU`, 'swiglu', l, {
        flops: 4 * T * F,
        activationReadBytes: 2 * T * F * F32,
        activationWriteBytes: T * F * F32,
      }),
      linear(`layer ${l} down projection`, l, T, F, D, scheme),
      add(`layer ${l} MLP residual`, l),
    ];
    ops.push(...layer.filter((o) => runs.has(o.name)));
  }
  ops.push(
    op('logit rows', 'gather', null, { activationReadBytes: R * D * F32, activationWriteBytes: R * D * F32 }),
    rmsnorm('final norm', null, R),
    linear('output head', null, R, D, V, headScheme(scheme)),
  );
  return ops;
}

export interface CostTotals {
  flops: number;
  weightBytes: number;
  activationBytes: number;
  kvBytes: number;
  bytes: number;
}

/** Sum a list of op counts. */
export function sumCosts(ops: readonly OpCount[]): CostTotals {
  const totals = { flops: 0, weightBytes: 0, activationBytes: 0, kvBytes: 0, bytes: 0 };
  for (const o of ops) {
    totals.flops += o.flops;
    totals.weightBytes += o.weightBytes;
    totals.activationBytes += o.activationReadBytes + o.activationWriteBytes;
    totals.kvBytes += o.kvReadBytes + o.kvWriteBytes;
    totals.bytes += totalBytes(o);
  }
  return totals;
}

/** Totals per op kind, in first-seen order. */
export function byKind(ops: readonly OpCount[]): Map<OpKind, CostTotals> {
  const groups = new Map<OpKind, OpCount[]>();
  for (const o of ops) groups.set(o.kind, [...(groups.get(o.kind) ?? []), o]);
  return new Map([...groups].map(([kind, list]) => [kind, sumCosts(list)]));
}

/** Totals per decoder layer (null: the ops outside the layers). */
export function byLayer(ops: readonly OpCount[]): Map<number | null, CostTotals> {
  const groups = new Map<number | null, OpCount[]>();
  for (const o of ops) groups.set(o.layer, [...(groups.get(o.layer) ?? []), o]);
  return new Map([...groups].map(([layer, list]) => [layer, sumCosts(list)]));
}
