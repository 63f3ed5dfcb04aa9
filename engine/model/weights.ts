/**
 * The tensors of a Llama-style model, under Hugging Face's names and in PyTorch's layouts: a linear layer's
 * weight is (out, in), applied as x·Wᵀ. One list of specs serves the safetensors loader (which checks shapes
 * against it) and the synthetic generator.
 */
import { f32Values, type Matrix } from '../quant/encoded-matrix';
import type { LlamaConfig } from './config';
import { writesKv } from './kv-sharing';
import { SafetensorsError, type Safetensors } from './safetensors';
import type { TensorIndex } from './safetensors-header';

/** A layer's tensors. The linear layers' weights may be stored in a low-bit scheme (engine/quant). */
export interface LayerWeights {
  attnNorm: Float32Array; // (D)
  wq: Matrix; // (N·H, D)
  /** Absent in the layers that read a cache shared with an earlier layer (model/kv-sharing.ts). */
  wk?: Matrix; // (K·H, D)
  wv?: Matrix; // (K·H, D)
  /** The projections' biases, in models that have them (config.attentionBias): f32 like the norms. */
  bq?: Float32Array; // (N·H)
  bk?: Float32Array; // (K·H)
  bv?: Float32Array; // (K·H)
  wo: Matrix; // (D, N·H)
  mlpNorm: Float32Array; // (D)
  wGate: Matrix; // (F, D)
  wUp: Matrix; // (F, D)
  wDown: Matrix; // (D, F)
}

export interface LlamaWeights {
  embed: Float32Array; // (V, D)
  layers: LayerWeights[];
  finalNorm: Float32Array; // (D)
  /** The embedding itself when tied, unless it is stored in a scheme of its own (engine/quant/encode-weights.ts). */
  lmHead: Matrix; // (V, D)
}

/** The layer tensors that are linear layers' weights, which a weight scheme stores. */
export const LINEAR_KEYS = ['wq', 'wk', 'wv', 'wo', 'wGate', 'wUp', 'wDown'] as const;

export type LinearKey = (typeof LINEAR_KEYS)[number];

export type LayerTensor = keyof LayerWeights;

/** The layer tensors kept in f32 whatever the scheme: norm gains and biases. */
const VECTOR_KEYS = ['attnNorm', 'mlpNorm', 'bq', 'bk', 'bv'] as const;

type VectorKey = (typeof VECTOR_KEYS)[number];

function isVector(key: LayerTensor): key is VectorKey {
  return (VECTOR_KEYS as readonly string[]).includes(key);
}

export interface TensorSpec {
  name: string;
  shape: number[];
  /** Norm gains start at one; matrices are random with this fan-in. */
  init: 'ones' | { fanIn: number };
  /** Where the tensor goes in LlamaWeights. */
  slot: { layer: number; key: LayerTensor } | 'embed' | 'finalNorm' | 'lmHead';
}

/** Every tensor the model needs, in file order. */
export function tensorSpecs(c: LlamaConfig): TensorSpec[] {
  return Array.from(eachTensorSpec(c));
}

/**
 * The same specs one at a time: a caller that stops at the first one a file lacks has built only as many as the
 * file holds, even for a config that claims a billion layers.
 */
function* eachTensorSpec(c: LlamaConfig): Generator<TensorSpec> {
  const { hiddenSize: D, intermediateSize: F, numHeads: N, numKvHeads: K, headDim: H, vocabSize: V } = c;
  yield { name: 'model.embed_tokens.weight', shape: [V, D], init: { fanIn: 1 }, slot: 'embed' };
  for (let layer = 0; layer < c.numLayers; layer++) {
    const p = `model.layers.${layer}.`;
    const spec = (name: string, key: LayerTensor, shape: number[], init: TensorSpec['init']): TensorSpec => ({
      name: p + name,
      shape,
      init,
      slot: { layer, key },
    });
    yield spec('input_layernorm.weight', 'attnNorm', [D], 'ones');
    yield spec('self_attn.q_proj.weight', 'wq', [N * H, D], { fanIn: D });
    if (c.attentionBias) yield spec('self_attn.q_proj.bias', 'bq', [N * H], { fanIn: D });
    if (writesKv(c, layer)) {
      yield spec('self_attn.k_proj.weight', 'wk', [K * H, D], { fanIn: D });
      if (c.attentionBias) yield spec('self_attn.k_proj.bias', 'bk', [K * H], { fanIn: D });
      yield spec('self_attn.v_proj.weight', 'wv', [K * H, D], { fanIn: D });
      if (c.attentionBias) yield spec('self_attn.v_proj.bias', 'bv', [K * H], { fanIn: D });
    }
    yield spec('self_attn.o_proj.weight', 'wo', [D, N * H], { fanIn: N * H });
    yield spec('post_attention_layernorm.weight', 'mlpNorm', [D], 'ones');
    yield spec('mlp.gate_proj.weight', 'wGate', [F, D], { fanIn: D });
    yield spec('mlp.up_proj.weight', 'wUp', [F, D], { fanIn: D });
    yield spec('mlp.down_proj.weight', 'wDown', [D, F], { fanIn: F });
  }
  yield { name: 'model.norm.weight', shape: [D], init: 'ones', slot: 'finalNorm' };
  if (!c.tieWordEmbeddings)
    yield { name: 'lm_head.weight', shape: [V, D], init: { fanIn: D }, slot: 'lmHead' };
}

/**
 * Tensors some Llama checkpoints store though they are computed from the config (RoPE's inverse frequencies, from
 * "rope_theta"): present or not, they are skipped.
 */
const DERIVED = /^model\.layers\.\d+\.self_attn\.rotary_emb\.inv_freq$/;

/** The output head's tensor: with tied embeddings, a file may still store one, which is then read as the head. */
export const STORED_HEAD = 'lm_head.weight';

/**
 * Check, before reading any data, that `file` holds every tensor the config needs in its shape and no tensor the model
 * has no place for. The specs are walked one at a time, so a config asking for more layers (or wider ones) than the
 * file holds is refused at the first tensor missing or misshapen, naming it, with nothing large built.
 */
export function checkTensors(c: LlamaConfig, file: TensorIndex): void {
  const used = new Set<string>();
  for (const spec of eachTensorSpec(c)) {
    file.info(spec.name, spec.shape);
    used.add(spec.name);
  }
  if (c.tieWordEmbeddings && file.tensors.has(STORED_HEAD)) {
    file.info(STORED_HEAD, [c.vocabSize, c.hiddenSize]);
    used.add(STORED_HEAD);
  }
  for (const name of file.tensors.keys()) {
    if (!used.has(name) && !DERIVED.test(name))
      throw new SafetensorsError(
        `tensor "${name}" is not part of the model config.json describes`,
        file.fileOf(name),
      );
  }
}

/** Whether a model with tied embeddings stores an output head anyway (which is then read as the head). */
export function storesTiedHead(c: LlamaConfig, file: TensorIndex): boolean {
  return c.tieWordEmbeddings && file.tensors.has(STORED_HEAD);
}

/** The tensor a spec names, taken from a model's weights. */
export function tensorOf(weights: LlamaWeights, spec: TensorSpec): Matrix {
  const slot = spec.slot;
  const tensor = typeof slot === 'string' ? weights[slot] : weights.layers[slot.layer]![slot.key];
  if (!tensor) throw new Error(`the weights have no ${spec.name}`);
  return tensor;
}

/** Elements in all the model's tensors. */
export function parameterCount(c: LlamaConfig): number {
  return tensorSpecs(c).reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
}

/** Assemble LlamaWeights from tensors produced spec by spec (norms and the embedding must be f32). */
export function assembleWeights(
  c: LlamaConfig,
  make: (spec: TensorSpec, index: number) => Matrix,
): LlamaWeights {
  const layers = Array.from({ length: c.numLayers }, () => ({}) as LayerWeights);
  const top: Partial<LlamaWeights> = {};
  tensorSpecs(c).forEach((spec, index) => {
    const data = make(spec, index);
    const slot = spec.slot;
    if (slot === 'lmHead') top.lmHead = data;
    else if (typeof slot === 'string') top[slot] = f32Values(data);
    else if (isVector(slot.key)) layers[slot.layer]![slot.key] = f32Values(data);
    else layers[slot.layer]![slot.key] = data;
  });
  const embed = top.embed!;
  return { embed, layers, finalNorm: top.finalNorm!, lmHead: top.lmHead ?? embed };
}

/**
 * Read every tensor from a safetensors file, all names and shapes checked first (checkTensors); `onProgress` gets
 * the fraction done.
 */
export function loadWeights(
  c: LlamaConfig,
  file: Safetensors,
  onProgress?: (fraction: number) => void,
): LlamaWeights {
  checkTensors(c, file);
  const specs = tensorSpecs(c);
  const tiedHead = storesTiedHead(c, file);
  const weights = assembleWeights(c, (spec, i) => {
    const data = file.read(spec.name, spec.shape);
    onProgress?.((i + 1) / specs.length);
    return data;
  });
  return tiedHead ? { ...weights, lmHead: file.read(STORED_HEAD, [c.vocabSize, c.hiddenSize]) } : weights;
}
