/**
 * Which scheme each tensor of a model is stored in when its linear layers use `scheme`: the transformer blocks'
 * linear layers in `scheme`; the output head at 16 bits under any scheme below f32 (its own copy when tied to the
 * embedding, since the embedding is read as f32 rows); norms and the embedding in f32. The one rule the footprint,
 * the allocation, the op costs and the model's encoding all follow.
 */
import type { LlamaConfig } from '../model/config';
import { LINEAR_KEYS, tensorSpecs, type TensorSpec } from '../model/weights';
import { matrixBytes, type WeightScheme } from './scheme';

export const F32: WeightScheme = { kind: 'f32' };
export const F16: WeightScheme = { kind: 'f16' };

/** The scheme the output head is stored in when the linear layers use `scheme`. */
export function headScheme(scheme: WeightScheme): WeightScheme {
  return scheme.kind === 'f32' ? F32 : F16;
}

/** Every tensor the model stores: tensorSpecs, plus an output head of its own when a tied head is stored apart. */
export function storedSpecs(c: LlamaConfig, scheme: WeightScheme): TensorSpec[] {
  const specs = tensorSpecs(c);
  if (!c.tieWordEmbeddings || headScheme(scheme).kind === 'f32') return specs;
  const [V, D] = [c.vocabSize, c.hiddenSize];
  return [...specs, { name: 'lm_head.weight', shape: [V, D], init: { fanIn: D }, slot: 'lmHead' }];
}

/** The scheme one tensor is stored in. */
export function tensorScheme(spec: TensorSpec, scheme: WeightScheme): WeightScheme {
  if (spec.slot === 'lmHead') return headScheme(scheme);
  const linear = typeof spec.slot !== 'string' && (LINEAR_KEYS as readonly string[]).includes(spec.slot.key);
  return linear ? scheme : F32;
}

/** Bytes one tensor takes in its scheme. */
export function storedBytes(spec: TensorSpec, scheme: WeightScheme): number {
  const [O, I] = spec.shape.length === 2 ? spec.shape : [1, spec.shape[0]!];
  return matrixBytes(tensorScheme(spec, scheme), O!, I!);
}
