/**
 * A Llama-style model configuration, read from a Hugging Face config.json. Every field is checked, and a bad one
 * raises an error naming it, before anything is allocated; so is a field that asks for a variant this engine does not
 * run (another activation, scaled RoPE, biases). Sizes are only checked for sense here: weights.ts checks them
 * against the tensors in the file before reading any.
 */
import { shown } from './shown';

export interface LlamaConfig {
  /** D: model width. */
  hiddenSize: number;
  /** F: SwiGLU inner width. */
  intermediateSize: number;
  /** L: decoder layers. */
  numLayers: number;
  /** N: query heads. */
  numHeads: number;
  /** K: key/value heads (N for multi-head attention, fewer for grouped-query). */
  numKvHeads: number;
  /** H: head dimension. */
  headDim: number;
  /** V: vocabulary size. */
  vocabSize: number;
  rmsNormEps: number;
  ropeTheta: number;
  /** Longest position the model was trained for. */
  maxPositions: number;
  tieWordEmbeddings: boolean;
  /**
   * W: sliding-window attention (Beltagy et al. 2020; Mistral's `sliding_window`): a token at position p attends
   * to positions max(0, p − W + 1)..p. Absent: full causal attention.
   */
  slidingWindow?: number;
  /**
   * Cross-layer KV sharing (Brandon et al. 2024, arXiv:2405.12981): groups of this many adjacent layers read one
   * cache, written by the group's first layer only. Absent or 1: every layer has its own. An engine option for
   * synthetic models; config.json does not carry it.
   */
  kvShareGroup?: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(`config.json: ${message}`);
    this.name = 'ConfigError';
  }
}

type Json = Record<string, unknown>;

function positiveInteger(json: Json, key: string, fallback?: number): number {
  const value = json[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`"${key}" must be a positive integer (got ${shown(json[key])})`);
  }
  return value;
}

function positiveNumber(json: Json, key: string, fallback: number): number {
  const value = json[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`"${key}" must be a positive number (got ${shown(json[key])})`);
  }
  return value;
}

/** Fields of Llama variants the engine does not run, with the plain Llama value (which absent or null also means). */
const PLAIN_LLAMA: Record<string, unknown> = {
  hidden_act: 'silu',
  rope_scaling: null,
  attention_bias: false,
  mlp_bias: false,
};

/** Read and check a config.json object (as parsed from JSON). Defaults follow transformers' LlamaConfig. */
export function parseConfig(json: unknown): LlamaConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ConfigError('must be a JSON object');
  const c = json as Json;
  const hiddenSize = positiveInteger(c, 'hidden_size');
  const numHeads = positiveInteger(c, 'num_attention_heads');
  const numKvHeads = positiveInteger(c, 'num_key_value_heads', numHeads);
  if (numHeads % numKvHeads !== 0) {
    throw new ConfigError(
      `"num_attention_heads" (${numHeads}) must be a multiple of "num_key_value_heads" (${numKvHeads})`,
    );
  }
  const headDim = positiveInteger(c, 'head_dim', Math.floor(hiddenSize / numHeads));
  if (headDim % 2 !== 0)
    throw new ConfigError(`"head_dim" must be even for rotary embeddings (got ${headDim})`);
  const window = c['sliding_window'] ?? null;
  const tie = c['tie_word_embeddings'] ?? false;
  if (typeof tie !== 'boolean')
    throw new ConfigError(`"tie_word_embeddings" must be true or false (got ${shown(tie)})`);
  for (const [key, plain] of Object.entries(PLAIN_LLAMA)) {
    if ((c[key] ?? plain) !== plain) {
      throw new ConfigError(`"${key}" is ${shown(c[key])}; only ${JSON.stringify(plain)} is supported`);
    }
  }
  return {
    hiddenSize,
    intermediateSize: positiveInteger(c, 'intermediate_size'),
    numLayers: positiveInteger(c, 'num_hidden_layers'),
    numHeads,
    numKvHeads,
    headDim,
    vocabSize: positiveInteger(c, 'vocab_size'),
    rmsNormEps: positiveNumber(c, 'rms_norm_eps', 1e-6),
    ropeTheta: positiveNumber(c, 'rope_theta', 10000),
    maxPositions: positiveInteger(c, 'max_position_embeddings', 2048),
    tieWordEmbeddings: tie,
    ...(window === null ? {} : { slidingWindow: positiveInteger(c, 'sliding_window') }),
  };
}

/** The config in Hugging Face's field names, for writing config.json. */
export function toHuggingFace(config: LlamaConfig): Json {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    num_hidden_layers: config.numLayers,
    num_attention_heads: config.numHeads,
    num_key_value_heads: config.numKvHeads,
    head_dim: config.headDim,
    vocab_size: config.vocabSize,
    rms_norm_eps: config.rmsNormEps,
    rope_theta: config.ropeTheta,
    max_position_embeddings: config.maxPositions,
    tie_word_embeddings: config.tieWordEmbeddings,
    ...(config.slidingWindow === undefined ? {} : { sliding_window: config.slidingWindow }),
    hidden_act: 'silu',
  };
}

/** The dimension letters the cost model uses. */
export function shapeOf(config: LlamaConfig) {
  return {
    V: config.vocabSize,
    D: config.hiddenSize,
    F: config.intermediateSize,
    L: config.numLayers,
    N: config.numHeads,
    K: config.numKvHeads,
    H: config.headDim,
    tiedEmbeddings: config.tieWordEmbeddings,
  };
}
