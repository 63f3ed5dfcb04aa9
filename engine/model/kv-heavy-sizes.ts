/**
 * Synthetic shapes for timing decode against context length: attention-heavy (every query head with its own
 * key/value head, heads wider than the model is, a narrow MLP), so a token's keys and values are many bytes beside
 * the weights and a step's KV reads overtake its weight reads within a few hundred to a thousand tokens. Unlike
 * synthetic-sizes.ts, these are not Llama proportions; they exist to make the cache the larger read.
 */
import type { SyntheticSize } from './synthetic-sizes';
import { syntheticConfig } from './synthetic-configs';

/** Longest position: room for any context a reader sweeps, plus the timed steps after it. */
const POSITIONS = 16384;

export const KV_HEAVY_SIZES: readonly SyntheticSize[] = [
  {
    id: 'kv-s',
    config: syntheticConfig({
      width: 64,
      layers: 4,
      heads: 8,
      headDim: 32,
      mlpWidth: 64,
      maxPositions: POSITIONS,
    }),
    cpu: true,
  },
  {
    id: 'kv-m',
    config: syntheticConfig({
      width: 256,
      layers: 8,
      heads: 16,
      headDim: 64,
      mlpWidth: 256,
      maxPositions: POSITIONS,
    }),
    cpu: false,
  },
  {
    id: 'kv-l',
    config: syntheticConfig({
      width: 512,
      layers: 12,
      heads: 32,
      headDim: 64,
      mlpWidth: 512,
      maxPositions: POSITIONS,
    }),
    cpu: false,
  },
];
