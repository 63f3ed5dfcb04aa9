/**
 * Shapes for synthetic models: byte vocabulary, Llama proportions (F ≈ 8/3·D rounded to 32, head dim 64 or less),
 * sized by width and depth. Their weights come from synthetic.ts; their text is noise, their speed is real.
 */
import type { LlamaConfig } from './config';

export interface SyntheticShape {
  /** D. */
  width: number;
  /** L. */
  layers: number;
  /** N; defaults to width ÷ 64 (at least 1). */
  heads?: number;
  /** K; defaults to the query heads. */
  kvHeads?: number;
  /** H; defaults to width ÷ heads. */
  headDim?: number;
  /** F; defaults to 8/3 of the width, rounded up to a multiple of 32. */
  mlpWidth?: number;
  /** Longest position; defaults to 4096. */
  maxPositions?: number;
  /** W: sliding-window attention over the last W positions; full attention when absent. */
  slidingWindow?: number;
  /** Adjacent layers sharing one KV cache (cross-layer attention); one cache per layer when absent. */
  kvShareGroup?: number;
}

export function syntheticConfig({
  width,
  layers,
  heads,
  kvHeads,
  headDim,
  mlpWidth,
  maxPositions = 4096,
  slidingWindow,
  kvShareGroup,
}: SyntheticShape): LlamaConfig {
  const numHeads = heads ?? Math.max(1, Math.floor(width / 64));
  return {
    hiddenSize: width,
    intermediateSize: mlpWidth ?? Math.ceil((width * 8) / 3 / 32) * 32,
    numLayers: layers,
    numHeads,
    numKvHeads: kvHeads ?? numHeads,
    headDim: headDim ?? width / numHeads,
    vocabSize: 256,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    maxPositions,
    tieWordEmbeddings: false,
    ...(slidingWindow === undefined ? {} : { slidingWindow }),
    ...(kvShareGroup === undefined ? {} : { kvShareGroup }),
  };
}

/** The small model engine tests run on: grouped-query heads, two layers, every path exercised. */
export const TEST_CONFIG: LlamaConfig = syntheticConfig({
  width: 64,
  layers: 2,
  heads: 4,
  kvHeads: 2,
  maxPositions: 256,
});
