/**
 * Activation outliers and LLM.int8()'s decomposition on a real model (lesson 4; Dettmers et al. 2022,
 * arXiv:2208.07339). The reader's prompt runs through the model on the CPU (quant/activation-stats.ts), recording
 * the input of one layer's attention or MLP projections; optionally an outlier channel is planted first
 * (quant/plant-outlier.ts, which leaves the model's function unchanged, checked here on the logits). Reported: max
 * and mean |x| per input channel over the prompt's tokens, the channels that reach LLM.int8()'s threshold of 6, and
 * the error of the projections' output against the f32 product when the weights are int8 per row (INT8_ROW) and
 * the activations are
 *
 *   per tensor   int8 with one absmax scale for the whole input (W8A8)
 *   per token    int8 with one absmax scale per token (W8A8)
 *   decomposed   per token, the columns reaching a threshold kept in f32 (LLM.int8()), at each threshold asked
 *   weights only f32 (W8A16: the int8 weights dequantized, as an int8 session on the CPU multiplies)
 *
 * Error: ‖Ŷ − Y‖ / ‖Y‖ (Frobenius) over every token and output of the projections, Y = X·Wᵀ with the f32 weights.
 * `activationOutliers` is a function of the model and the request; the job fetches the shipped model once
 * (cpu-model.ts) and keeps the unplanted forward of the last prompt, so moving the layer or the site costs only
 * the products.
 */
import { linear } from '../cpu/linear';
import type { LlamaConfig } from '../model/config';
import type { LinearKey, LlamaWeights } from '../model/weights';
import {
  ActivationRecorder,
  calibrationForward,
  type Calibration,
  type InputSite,
} from '../quant/activation-stats';
import { f32Values } from '../quant/encoded-matrix';
import { INT8_ROW, int8MatmulDecomposed, outlierColumns } from '../quant/llm-int8';
import { plantOutlier, type OutlierSite } from '../quant/plant-outlier';
import { quantizeMatrix } from '../quant/quantize';
import { cpuModel, type CpuModel } from './cpu-model';
import { defineDeviceJob } from './job';
import { yieldToEvents } from './yield-to-events';

export interface ActivationOutliersRequest {
  /** Absolute URL of the shipped model's folder. */
  modelUrl: string;
  /** Text run through the model; its first MAX_PROMPT_TOKENS tokens are used. */
  prompt: string;
  layer: number;
  /** The attention norm's output (read by q, k, v) or the MLP norm's (read by gate, up). */
  site: OutlierSite;
  /** An outlier planted at the site before the prompt runs: channel j grows `factor` times. */
  plant: { channel: number; factor: number } | null;
  /** LLM.int8() thresholds to decompose at. */
  thresholds: readonly number[];
}

/** Relative output errors, ‖Ŷ − Y‖ / ‖Y‖, of the int8 schemes. */
export interface OutputErrors {
  /** W8A8, one activation scale for the whole input. */
  perTensor: number;
  /** W8A8, one activation scale per token. */
  perToken: number;
  /** Per token with the columns reaching each threshold in f32, in the order of the request's thresholds. */
  decomposed: number[];
  /** W8A16: int8 weights, f32 activations. */
  weightsOnly: number;
}

export interface ProjectionErrors extends OutputErrors {
  /** q, k, v, gate or up. */
  name: string;
  /** Output features. */
  O: number;
}

export interface ActivationOutliersResult {
  /** Tokens the prompt ran as, and whether it was cut to MAX_PROMPT_TOKENS. */
  tokens: number;
  truncated: boolean;
  layer: number;
  site: OutlierSite;
  /** max |x| and mean |x| per input channel over the tokens. */
  maxAbs: number[]; // (D)
  meanAbs: number[]; // (D)
  largest: LargestChannel;
  /** LLM.int8()'s threshold, and the channels whose max |x| reaches it, ascending. */
  outlierThreshold: number;
  outlierChannels: number[];
  thresholds: number[];
  /** The columns each threshold takes out of the int8 product, ascending. */
  outliersAt: number[][];
  /** Over every projection the site feeds together. */
  errors: OutputErrors;
  projections: ProjectionErrors[];
  /** The planted outlier, and max |planted − unplanted logit| over max |unplanted logit| at every position. */
  plant: { channel: number; factor: number; logitChange: number } | null;
  /** The same site in the model as shipped: the numbers above when nothing is planted. */
  unplanted: {
    largest: LargestChannel;
    outlierChannels: number[];
    errors: Omit<OutputErrors, 'decomposed'>;
  };
}

/** The channel with the largest max |x|, and that max. */
export interface LargestChannel {
  channel: number;
  maxAbs: number;
}

/** LLM.int8()'s default threshold on |x|. */
export const LLM_INT8_THRESHOLD = 6;

/** Tokens of the prompt used at most. */
export const MAX_PROMPT_TOKENS = 256;

/** The projections each site feeds, and their short names. */
const SITE_PROJECTIONS = {
  attention: [
    ['wq', 'q'],
    ['wk', 'k'],
    ['wv', 'v'],
  ],
  mlp: [
    ['wGate', 'gate'],
    ['wUp', 'up'],
  ],
  down: [['wDown', 'down']],
} as const satisfies Record<OutlierSite, readonly (readonly [LinearKey, string])[]>;

const SITE_INPUT: Record<OutlierSite, InputSite> = {
  attention: 'attnInput',
  mlp: 'mlpInput',
  down: 'downInput',
};

/** One forward of a prompt: its logits (T, V), and every layer's linear-layer inputs over all its tokens. */
export interface PromptForward {
  logits: Float32Array;
  calibration: Calibration;
}

/** Run `ids` through the model on the CPU, recording every row of every site. */
export function forwardPrompt(
  config: LlamaConfig,
  weights: LlamaWeights,
  ids: readonly number[],
): PromptForward {
  const recorder = new ActivationRecorder(config, ids.length);
  const logits = calibrationForward(config, weights, ids, recorder);
  return { logits, calibration: recorder.calibration() };
}

/** The prompt's token ids, cut to MAX_PROMPT_TOKENS and the model's positions; throws for a prompt of none. */
export function promptIds({ config, tokenizer }: CpuModel, prompt: string): number[] {
  const ids = tokenizer.encode(prompt);
  if (ids.length === 0) throw new Error('The prompt has no tokens.');
  return ids.slice(0, Math.min(MAX_PROMPT_TOKENS, config.maxPositions));
}

/** max |x| and mean |x| per column of x (T, I). */
function columnMagnitudes(x: Float32Array, T: number, I: number): { maxAbs: number[]; meanAbs: number[] } {
  const maxAbs = new Array<number>(I).fill(0);
  const sums = new Array<number>(I).fill(0);
  for (let t = 0; t < T; t++)
    for (let i = 0; i < I; i++) {
      const a = Math.abs(x[t * I + i]!);
      maxAbs[i] = Math.max(maxAbs[i]!, a);
      sums[i]! += a;
    }
  return { maxAbs, meanAbs: sums.map((s) => s / T) };
}

/** Σ (a − b)² over two equal-length arrays. */
function squaredDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += (a[k]! - b[k]!) ** 2;
  return sum;
}

/** max |a − b| over max |b|. */
export function maxRelativeChange(a: Float32Array, b: Float32Array): number {
  let change = 0;
  let scale = 0;
  for (let k = 0; k < a.length; k++) {
    change = Math.max(change, Math.abs(a[k]! - b[k]!));
    scale = Math.max(scale, Math.abs(b[k]!));
  }
  return change / scale;
}

/** Squared errors of one projection's schemes, and its output's energy Σ y². */
interface SquaredErrors {
  energy: number;
  perTensor: number;
  perToken: number;
  decomposed: number[];
  weightsOnly: number;
}

/** Every scheme's squared output error of one projection W (O, I) on x (T, I); thresholds sharing columns share a product. */
function projectionSquaredErrors(
  x: Float32Array,
  W: Float32Array,
  T: number,
  I: number,
  O: number,
  thresholds: readonly number[],
  columnsAt: readonly string[],
): SquaredErrors {
  const reference = new Float32Array(T * O); // (T, O)
  linear(reference, x, W, T, I, O);
  const int8 = quantizeMatrix(W, O, I, INT8_ROW);
  const out = new Float32Array(T * O);
  const error = (threshold: number | null, granularity: 'token' | 'tensor') => {
    int8MatmulDecomposed(out, x, int8, T, threshold, granularity);
    return squaredDistance(out, reference);
  };
  const perTensor = error(null, 'tensor');
  const perToken = error(null, 'token');
  // No column out is the per-token product itself.
  const byColumns = new Map<string, number>([['', perToken]]);
  const decomposed = thresholds.map((threshold, k) => {
    const key = columnsAt[k]!;
    if (!byColumns.has(key)) byColumns.set(key, error(threshold, 'token'));
    return byColumns.get(key)!;
  });
  linear(out, x, int8, T, I, O);
  const weightsOnly = squaredDistance(out, reference);
  return { energy: reference.reduce((s, y) => s + y * y, 0), perTensor, perToken, decomposed, weightsOnly };
}

/** Relative errors from squared errors and the energy they are measured against. */
function relative(e: Omit<SquaredErrors, 'energy'>, energy: number): OutputErrors {
  const r = (squares: number) => Math.sqrt(squares / energy);
  return {
    perTensor: r(e.perTensor),
    perToken: r(e.perToken),
    decomposed: e.decomposed.map(r),
    weightsOnly: r(e.weightsOnly),
  };
}

export interface OutlierOptions {
  /** The unplanted model's forward of the prompt, when the caller has it already. */
  unplanted?: PromptForward;
  progress?: (stage: string, fraction: number) => void;
  signal?: AbortSignal;
}

/** Activation outliers at one site of one layer for the prompt, and what they do to int8 products. */
export async function activationOutliers(
  model: CpuModel,
  request: Omit<ActivationOutliersRequest, 'modelUrl'>,
  { unplanted, progress = () => {}, signal }: OutlierOptions = {},
): Promise<ActivationOutliersResult> {
  const { config } = model;
  const { layer, site, plant, thresholds } = request;
  if (!Number.isInteger(layer) || layer < 0 || layer >= config.numLayers)
    throw new Error(`the model has no layer ${layer}`);
  const checkpoint = async (stage: string, fraction: number) => {
    progress(stage, fraction);
    await yieldToEvents();
    signal?.throwIfAborted();
  };
  const ids = promptIds(model, request.prompt);
  await checkpoint('running the prompt', 0);
  const plain = unplanted ?? forwardPrompt(config, model.weights, ids);
  const shipped = { weights: model.weights, forward: plain };
  let measured = shipped;
  let planted: ActivationOutliersResult['plant'] = null;
  if (plant) {
    await checkpoint('running the prompt with the outlier planted', 0.2);
    const weights = plantOutlier(model.weights, { layer, site, ...plant });
    measured = { weights, forward: forwardPrompt(config, weights, ids) };
    planted = { ...plant, logitChange: maxRelativeChange(measured.forward.logits, plain.logits) };
  }
  const span = (from: number, width: number) => (stage: string, k: number) =>
    checkpoint(stage, from + k * width);
  const current = await measureSite(config, measured, layer, site, thresholds, span(0.4, 0.4));
  // The model as shipped, for comparison: measured again only when an outlier was planted.
  const base = plant ? await measureSite(config, shipped, layer, site, [], span(0.8, 0.2)) : current;
  const { T, ...inputs } = current;
  const { weightsOnly, perTensor, perToken } = base.errors;
  return {
    tokens: T,
    truncated: model.tokenizer.encode(request.prompt).length > T,
    layer,
    site,
    ...inputs,
    outlierThreshold: LLM_INT8_THRESHOLD,
    thresholds: [...thresholds],
    plant: planted,
    unplanted: {
      largest: base.largest,
      outlierChannels: base.outlierChannels,
      errors: { perTensor, perToken, weightsOnly },
    },
  };
}

/** One site's input over the prompt and its projections' int8 errors, in the model `weights` that ran `forward`. */
async function measureSite(
  config: LlamaConfig,
  { weights, forward }: { weights: LlamaWeights; forward: PromptForward },
  layer: number,
  site: OutlierSite,
  thresholds: readonly number[],
  checkpoint: (stage: string, k: number) => Promise<void>,
) {
  const { T } = forward.calibration;
  const I = site === 'down' ? config.intermediateSize : config.hiddenSize;
  const x = forward.calibration.rows[layer]![SITE_INPUT[site]]; // (T, I): D wide, or F at the down projection
  const { maxAbs, meanAbs } = columnMagnitudes(x, T, I);
  const channel = maxAbs.indexOf(Math.max(...maxAbs));
  const outliersAt = thresholds.map((threshold) => Array.from(outlierColumns(x, T, I, threshold)));
  const columnsAt = outliersAt.map((columns) => columns.join(','));
  const projections: ProjectionErrors[] = [];
  const total: SquaredErrors = {
    energy: 0,
    perTensor: 0,
    perToken: 0,
    decomposed: thresholds.map(() => 0),
    weightsOnly: 0,
  };
  const present = SITE_PROJECTIONS[site].filter(([key]) => weights.layers[layer]![key]);
  for (const [k, [key, name]] of present.entries()) {
    await checkpoint(`multiplying ${name} in int8`, k / present.length);
    const W = f32Values(weights.layers[layer]![key]!);
    const O = W.length / I;
    const e = projectionSquaredErrors(x, W, T, I, O, thresholds, columnsAt);
    projections.push({ name, O, ...relative(e, e.energy) });
    total.energy += e.energy;
    total.perTensor += e.perTensor;
    total.perToken += e.perToken;
    total.weightsOnly += e.weightsOnly;
    e.decomposed.forEach((d, j) => (total.decomposed[j]! += d));
  }
  return {
    T,
    maxAbs,
    meanAbs,
    largest: { channel, maxAbs: maxAbs[channel]! },
    outlierChannels: Array.from(outlierColumns(x, T, I, LLM_INT8_THRESHOLD)),
    outliersAt,
    errors: relative(total, total.energy),
    projections,
  };
}

/** The unplanted forward of the last prompt, for the last model. */
let lastForward: { key: string; forward: PromptForward } | undefined;

/** Lesson 4's activation outliers, on a shipped model's weights read in the worker whatever the page's backend. */
export const activationOutliersJob = defineDeviceJob({
  name: 'activation-outliers',
  async run(request: ActivationOutliersRequest, progress, signal): Promise<ActivationOutliersResult> {
    const model = await cpuModel(request.modelUrl, (fraction) =>
      progress({ stage: 'downloading the weights', fraction: fraction * 0.5 }),
    );
    const ids = promptIds(model, request.prompt);
    const key = `${request.modelUrl}\n${ids.join(' ')}`;
    if (lastForward?.key !== key) {
      progress({ stage: 'running the prompt', fraction: 0.5 });
      await yieldToEvents();
      signal.throwIfAborted();
      lastForward = { key, forward: forwardPrompt(model.config, model.weights, ids) };
    }
    return activationOutliers(model, request, {
      unplanted: lastForward.forward,
      progress: (stage, fraction) => progress({ stage, fraction: 0.5 + fraction * 0.5 }),
      signal,
    });
  },
});

declare module './registry' {
  interface JobTable {
    [activationOutliersJob.name]: typeof activationOutliersJob;
  }
}
