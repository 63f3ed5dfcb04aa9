/**
 * What the weight-grid widget offers: a block's linear layers by kind, under the Hugging Face names the engine reads
 * them by, and integer schemes by bits, group and zero-point.
 */
import type { Bits, IntScheme } from '@engine/index';

/** The block linear layers, in the order a layer runs them. */
export const LINEAR_KINDS = [
  { value: 'q', label: 'q: attention query', name: 'self_attn.q_proj', about: 'query projection' },
  { value: 'k', label: 'k: attention key', name: 'self_attn.k_proj', about: 'key projection' },
  { value: 'v', label: 'v: attention value', name: 'self_attn.v_proj', about: 'value projection' },
  { value: 'o', label: 'o: attention output', name: 'self_attn.o_proj', about: 'output projection' },
  { value: 'gate', label: 'gate: MLP gate', name: 'mlp.gate_proj', about: 'MLP gate projection' },
  { value: 'up', label: 'up: MLP up', name: 'mlp.up_proj', about: 'MLP up projection' },
  { value: 'down', label: 'down: MLP down', name: 'mlp.down_proj', about: 'MLP down projection' },
] as const;

export type LinearKind = (typeof LINEAR_KINDS)[number]['value'];

const kind = (value: LinearKind) => LINEAR_KINDS.find((k) => k.value === value)!;

/** The weight's name in the model's files: model.layers.2.mlp.down_proj.weight. */
export function tensorName(layer: number, value: LinearKind): string {
  return `model.layers.${layer}.${kind(value).name}.weight`;
}

/** "layer 2's MLP down projection", for sentences. */
export function tensorLabel(layer: number, value: LinearKind): string {
  return `layer ${layer}'s ${kind(value).about}`;
}

/** Bits per code the widget offers. */
export const BITS: readonly Bits[] = [2, 3, 4, 8];

export type GroupChoice = '32' | '64' | '128' | 'row';

export const GROUP_OPTIONS: readonly { value: GroupChoice; label: string }[] = [
  { value: '32', label: '32 weights per scale' },
  { value: '64', label: '64 weights per scale' },
  { value: '128', label: '128 weights per scale' },
  { value: 'row', label: 'one scale per row (per channel)' },
];

/** The integer scheme the controls describe. */
export function intScheme(bits: number, group: GroupChoice, zeroPoint: boolean): IntScheme {
  return { kind: 'int', bits: bits as Bits, group: group === 'row' ? 'row' : Number(group), zeroPoint };
}
