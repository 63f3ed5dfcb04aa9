/**
 * A Llama-style model configuration, read from a Hugging Face config.json. Every field is checked, and a bad one
 * raises an error naming it, before anything is allocated; so is a field that asks for a variant this engine does not
 * run (another family or activation, experts, RoPE scaled other than Llama 3's, MLP biases). The families run are
 * those that differ from Llama only in what this config carries: Llama 2 and 3 (SmolLM and TinyLlama are Llama
 * shapes), Mistral (a sliding window) and Qwen2 (biases on the query, key and value projections). Sizes are only
 * checked for sense here: weights.ts checks them against the tensors in the file before reading any.
 */
import { readRope, type Llama3RopeScaling } from './config-rope';
import { ConfigError, positiveInteger, positiveNumber, type Json } from './config-fields';
import { shown } from './shown';

export { ConfigError } from './config-fields';

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
  /** Llama 3's frequency-dependent RoPE scaling; absent: plain RoPE. */
  ropeScaling?: Llama3RopeScaling;
  /** Biases on the query, key and value projections, as Qwen2 has them (and its config.json implies). */
  attentionBias?: boolean;
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
  /** Token ids that end a generated text (config.json's "eos_token_id": one id or a list); absent: none. */
  eosTokenIds?: number[];
}

/** Fields of Llama variants the engine does not run, with the plain Llama value (which absent or null also means). */
const PLAIN_LLAMA: Record<string, unknown> = {
  hidden_act: 'silu',
  // Llama's and Mistral's form puts a bias on the output projection as well as on q, k and v.
  attention_bias: false,
  mlp_bias: false,
  use_sliding_window: false,
  qk_layernorm: false,
  use_qk_norm: false,
  partial_rotary_factor: 1,
};

/** Fields that give a model experts (a mixture of experts), in the names transformers' configs use. */
const EXPERT_FIELDS = ['num_local_experts', 'num_experts', 'n_routed_experts'];

/** The families the engine runs, by config.json's "model_type"; absent means Llama. */
const FAMILIES = ['llama', 'mistral', 'qwen2'];

/** Why some well-known families are refused, for the message. */
const REFUSED_FAMILIES: Record<string, string> = {
  mixtral: 'a mixture of experts',
  qwen2_moe: 'a mixture of experts',
  qwen3: "QK-norm (a norm on each head's queries and keys)",
  qwen3_moe: 'a mixture of experts with QK-norm',
  gemma: 'a GeGLU MLP and a scaled embedding',
  gemma2: 'a GeGLU MLP, logit soft-capping and extra norms',
  gemma3: 'a GeGLU MLP, QK-norm and extra norms',
  phi3: 'fused query-key-value and gate-up weights',
  olmo2: 'QK-norm and norms after each block',
};

function checkFamily(c: Json): void {
  const type = c['model_type'] ?? 'llama';
  if (typeof type !== 'string' || !FAMILIES.includes(type)) {
    const why =
      typeof type === 'string' && REFUSED_FAMILIES[type] ? ` (it has ${REFUSED_FAMILIES[type]})` : '';
    throw new ConfigError(
      `"model_type" is ${shown(type)}${why}; the engine runs ${FAMILIES.map((f) => `"${f}"`).join(', ')}`,
    );
  }
  for (const key of EXPERT_FIELDS) {
    if (c[key] !== undefined && c[key] !== null && c[key] !== 0)
      throw new ConfigError(`"${key}" is ${shown(c[key])}: a mixture of experts is not supported`);
  }
  const layerTypes = c['layer_types'];
  if (Array.isArray(layerTypes) && layerTypes.some((t) => t !== 'full_attention')) {
    throw new ConfigError(
      `"layer_types" mixes kinds of attention (${shown(layerTypes)}); only "full_attention" in every layer is supported`,
    );
  }
}

/** Read and check a config.json object (as parsed from JSON). Defaults follow transformers' LlamaConfig. */
export function parseConfig(json: unknown): LlamaConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ConfigError('must be a JSON object');
  const c = json as Json;
  checkFamily(c);
  const qwen2 = c['model_type'] === 'qwen2';
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
  // Qwen2 carries a "sliding_window" it uses only with "use_sliding_window", which is refused below.
  const window = qwen2 ? null : (c['sliding_window'] ?? null);
  const attentionBias = qwen2;
  const tie = c['tie_word_embeddings'] ?? false;
  if (typeof tie !== 'boolean')
    throw new ConfigError(`"tie_word_embeddings" must be true or false (got ${shown(tie)})`);
  for (const [key, plain] of Object.entries(PLAIN_LLAMA)) {
    if ((c[key] ?? plain) !== plain) {
      throw new ConfigError(`"${key}" is ${shown(c[key])}; only ${JSON.stringify(plain)} is supported`);
    }
  }
  const rope = readRope(c);
  const eos = readEos(c);
  return {
    hiddenSize,
    intermediateSize: positiveInteger(c, 'intermediate_size'),
    numLayers: positiveInteger(c, 'num_hidden_layers'),
    numHeads,
    numKvHeads,
    headDim,
    vocabSize: positiveInteger(c, 'vocab_size'),
    rmsNormEps: positiveNumber(c, 'rms_norm_eps', 1e-6),
    ropeTheta: rope.theta,
    ...(rope.scaling ? { ropeScaling: rope.scaling } : {}),
    ...(attentionBias ? { attentionBias } : {}),
    maxPositions: positiveInteger(c, 'max_position_embeddings', 2048),
    tieWordEmbeddings: tie,
    ...(window === null ? {} : { slidingWindow: positiveInteger(c, 'sliding_window') }),
    ...(eos.length ? { eosTokenIds: eos } : {}),
  };
}

function readEos(c: Json): number[] {
  const eos = c['eos_token_id'] ?? null;
  const ids: unknown[] = eos === null ? [] : Array.isArray(eos) ? eos : [eos];
  if (!ids.every((id) => Number.isSafeInteger(id) && (id as number) >= 0)) {
    throw new ConfigError(`"eos_token_id" must be a token id or a list of them (got ${shown(eos)})`);
  }
  return ids as number[];
}

/** The config in Hugging Face's field names, for writing config.json. */
export function toHuggingFace(config: LlamaConfig): Json {
  const scaling = config.ropeScaling;
  // Biases on q, k and v alone are Qwen2's; Llama's "attention_bias" would put one on the output projection too.
  const [architecture, type] = config.attentionBias
    ? ['Qwen2ForCausalLM', 'qwen2']
    : ['LlamaForCausalLM', 'llama'];
  return {
    architectures: [architecture],
    model_type: type,
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    num_hidden_layers: config.numLayers,
    num_attention_heads: config.numHeads,
    num_key_value_heads: config.numKvHeads,
    head_dim: config.headDim,
    vocab_size: config.vocabSize,
    rms_norm_eps: config.rmsNormEps,
    rope_theta: config.ropeTheta,
    ...(scaling
      ? {
          rope_scaling: {
            rope_type: 'llama3',
            factor: scaling.factor,
            low_freq_factor: scaling.lowFreqFactor,
            high_freq_factor: scaling.highFreqFactor,
            original_max_position_embeddings: scaling.originalMaxPositions,
          },
        }
      : {}),

    max_position_embeddings: config.maxPositions,
    tie_word_embeddings: config.tieWordEmbeddings,
    ...(config.slidingWindow === undefined ? {} : { sliding_window: config.slidingWindow }),
    ...(config.eosTokenIds ? { eos_token_id: config.eosTokenIds } : {}),
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
