/**
 * The tensors of a Llama-style model, under Hugging Face's names and in PyTorch's layouts: a linear layer's
 * weight is (out, in), applied as x·Wᵀ. One list of specs serves the safetensors loader (which checks shapes
 * against it) and the synthetic generator.
 */
import { f32Values, type Matrix } from '../quant/encoded-matrix';
import type { LlamaConfig } from './config';
import { writesKv } from './kv-sharing';
import type { Safetensors } from './safetensors';

/** A layer's tensors. The linear layers' weights may be stored in a low-bit scheme (engine/quant). */
export interface LayerWeights {
  attnNorm: Float32Array; // (D)
  wq: Matrix; // (N·H, D)
  /** Absent in the layers that read a cache shared with an earlier layer (model/kv-sharing.ts). */
  wk?: Matrix; // (K·H, D)
  wv?: Matrix; // (K·H, D)
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
  const { hiddenSize: D, intermediateSize: F, numHeads: N, numKvHeads: K, headDim: H, vocabSize: V } = c;
  const specs: TensorSpec[] = [
    { name: 'model.embed_tokens.weight', shape: [V, D], init: { fanIn: 1 }, slot: 'embed' },
  ];
  for (let layer = 0; layer < c.numLayers; layer++) {
    const p = `model.layers.${layer}.`;
    const add = (name: string, key: LayerTensor, shape: number[], init: TensorSpec['init']) =>
      specs.push({ name: p + name, shape, init, slot: { layer, key } });
    add('input_layernorm.weight', 'attnNorm', [D], 'ones');
    add('self_attn.q_proj.weight', 'wq', [N * H, D], { fanIn: D });
    if (writesKv(c, layer)) {
      add('self_attn.k_proj.weight', 'wk', [K * H, D], { fanIn: D });
      add('self_attn.v_proj.weight', 'wv', [K * H, D], { fanIn: D });
    }
    add('self_attn.o_proj.weight', 'wo', [D, N * H], { fanIn: N * H });
    add('post_attention_layernorm.weight', 'mlpNorm', [D], 'ones');
    add('mlp.gate_proj.weight', 'wGate', [F, D], { fanIn: D });
    add('mlp.up_proj.weight', 'wUp', [F, D], { fanIn: D });
    add('mlp.down_proj.weight', 'wDown', [D, F], { fanIn: F });
  }
  specs.push({ name: 'model.norm.weight', shape: [D], init: 'ones', slot: 'finalNorm' });
  if (!c.tieWordEmbeddings)
    specs.push({ name: 'lm_head.weight', shape: [V, D], init: { fanIn: D }, slot: 'lmHead' });
  return specs;
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
    else if (slot.key === 'attnNorm' || slot.key === 'mlpNorm')
      layers[slot.layer]![slot.key] = f32Values(data);
    else layers[slot.layer]![slot.key] = data;
  });
  const embed = top.embed!;
  return { embed, layers, finalNorm: top.finalNorm!, lmHead: top.lmHead ?? embed };
}

/** Read every tensor from a safetensors file, checking names and shapes; `onProgress` gets the fraction done. */
export function loadWeights(
  c: LlamaConfig,
  file: Safetensors,
  onProgress?: (fraction: number) => void,
): LlamaWeights {
  const specs = tensorSpecs(c);
  const tiedHead = c.tieWordEmbeddings && file.tensors.has('lm_head.weight');
  const weights = assembleWeights(c, (spec, i) => {
    const data = file.read(spec.name, spec.shape);
    onProgress?.((i + 1) / specs.length);
    return data;
  });
  return tiedHead
    ? { ...weights, lmHead: file.read('lm_head.weight', [c.vocabSize, c.hiddenSize]) }
    : weights;
}
