/**
 * Lesson 5's importance maps: how much each head, MLP neuron, residual channel and layer of a shipped model matters
 * by one criterion (engine/prune/importance.ts), on the model's weights read in the worker whatever the page's
 * backend. The activation criterion runs the model over calibration text, from token `skipTokens` on so that text
 * scored later can be left out; its scores are kept for the last model and text asked, so switching between
 * criteria or views does not run the model again.
 */
import type { LlamaConfig } from '../model/config';
import type { Tokenizer } from '../model/tokenizer';
import type { LlamaWeights } from '../model/weights';
import {
  activationImportance,
  magnitudeImportance,
  randomImportance,
  type Criterion,
  type Importance,
} from '../prune/importance';
import { cpuModel } from './cpu-model';
import { defineDeviceJob } from './job';
import { yieldToEvents } from './yield-to-events';

/** Calibration windows, and the tokens of each: enough to rank the parts, few enough for a CPU in seconds. */
export const CALIBRATION_WINDOWS = 2;
export const CALIBRATION_WINDOW_TOKENS = 128;
/** The random criterion's seed: the same control on every visit. */
export const RANDOM_SEED = 1;

export interface PruneImportanceRequest {
  /** Absolute URL of the model's folder. */
  modelUrl: string;
  criterion: Criterion;
  calibrationText: string;
  skipTokens?: number;
}

/** The scores as plain arrays (per layer for heads and neurons), and the calibration tokens they came from. */
export interface PruneImportanceResult {
  criterion: Criterion;
  heads: number[][];
  neurons: number[][];
  channels: number[];
  layers: number[];
  /** 0 for the criteria that read only the weights. */
  calibrationTokens: number;
}

/** A result's scores as the pruning plan takes them (engine/prune/plan.ts). */
export function importanceOf(result: PruneImportanceResult): Importance {
  return {
    heads: result.heads.map((h) => Float64Array.from(h)),
    neurons: result.neurons.map((n) => Float64Array.from(n)),
    channels: Float64Array.from(result.channels),
    layers: Float64Array.from(result.layers),
  };
}

/** The calibration windows of `text` after `skipTokens`; throws if it holds none. */
export function calibrationWindows(tokenizer: Tokenizer, text: string, skipTokens = 0): number[][] {
  const ids = tokenizer.encode(text).slice(skipTokens);
  const count = Math.min(CALIBRATION_WINDOWS, Math.floor(ids.length / CALIBRATION_WINDOW_TOKENS));
  if (count < 1)
    throw new Error(
      `activation importance needs ${CALIBRATION_WINDOW_TOKENS} tokens of calibration text; it was given ${ids.length}`,
    );
  return Array.from({ length: count }, (_, k) =>
    ids.slice(k * CALIBRATION_WINDOW_TOKENS, (k + 1) * CALIBRATION_WINDOW_TOKENS),
  );
}

/** The model's importance scores by `request`'s criterion. */
export function pruneImportance(
  model: { config: LlamaConfig; weights: LlamaWeights; tokenizer: Tokenizer },
  request: Omit<PruneImportanceRequest, 'modelUrl'>,
): PruneImportanceResult {
  const { config, weights, tokenizer } = model;
  let scores: Importance;
  let calibrationTokens = 0;
  if (request.criterion === 'activation') {
    const windows = calibrationWindows(tokenizer, request.calibrationText, request.skipTokens);
    scores = activationImportance(config, weights, windows);
    calibrationTokens = windows.reduce((n, w) => n + w.length, 0);
  } else if (request.criterion === 'magnitude') {
    scores = magnitudeImportance(config, weights);
  } else {
    scores = randomImportance(config, RANDOM_SEED);
  }
  return {
    criterion: request.criterion,
    heads: scores.heads.map((h) => Array.from(h)),
    neurons: scores.neurons.map((n) => Array.from(n)),
    channels: Array.from(scores.channels),
    layers: Array.from(scores.layers),
    calibrationTokens,
  };
}

/** The last results, by request; a new model or text starts afresh. */
let remembered: { key: string; results: Map<Criterion, PruneImportanceResult> } | undefined;

export const pruneImportanceJob = defineDeviceJob({
  name: 'prune-importance',
  async run(request: PruneImportanceRequest, progress, signal): Promise<PruneImportanceResult> {
    const key = `${request.modelUrl}\n${request.skipTokens ?? 0}\n${request.calibrationText}`;
    if (remembered?.key !== key) remembered = { key, results: new Map() };
    const { results } = remembered;
    const known = results.get(request.criterion);
    if (known) return known;
    const model = await cpuModel(request.modelUrl, (fraction) =>
      progress({ stage: 'downloading the weights', fraction: fraction * 0.5 }),
    );
    progress({ stage: `scoring the model's parts by ${request.criterion}`, fraction: 0.5 });
    await yieldToEvents();
    signal.throwIfAborted();
    const result = pruneImportance(model, request);
    results.set(request.criterion, result);
    return result;
  },
});

declare module './registry' {
  interface JobTable {
    [pruneImportanceJob.name]: typeof pruneImportanceJob;
  }
}
