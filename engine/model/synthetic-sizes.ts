/**
 * Synthetic model sizes a reader can pick, from one that a CPU runs interactively to ones large enough that
 * decode is plainly memory-bound on a real GPU. Parameter counts and bytes are computed, never stated.
 */
import type { LlamaConfig } from './config';
import { syntheticConfig } from './synthetic-configs';

export interface SyntheticSize {
  id: string;
  config: LlamaConfig;
  /** Whether the CPU fallback offers it. */
  cpu: boolean;
}

const CONTEXT = 512;

export const SYNTHETIC_SIZES: readonly SyntheticSize[] = [
  { id: 'xs', config: syntheticConfig({ width: 128, layers: 2, maxPositions: CONTEXT }), cpu: true },
  { id: 's', config: syntheticConfig({ width: 256, layers: 4, maxPositions: CONTEXT }), cpu: true },
  { id: 'm', config: syntheticConfig({ width: 512, layers: 8, maxPositions: CONTEXT }), cpu: false },
  { id: 'l', config: syntheticConfig({ width: 1024, layers: 12, maxPositions: CONTEXT }), cpu: false },
  { id: 'xl', config: syntheticConfig({ width: 1536, layers: 16, maxPositions: CONTEXT }), cpu: false },
  { id: 'xxl', config: syntheticConfig({ width: 2048, layers: 24, maxPositions: CONTEXT }), cpu: false },
];

export function syntheticSize(id: string): SyntheticSize {
  const size = SYNTHETIC_SIZES.find((s) => s.id === id);
  if (!size) throw new Error(`no synthetic model size "${id}"`);
  return size;
}
