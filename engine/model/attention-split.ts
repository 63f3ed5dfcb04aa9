/**
 * How a step's attention is split along the context ("flash-decoding", Dao et al. 2023): with few rows and long
 * contexts, one workgroup per (row, query head) leaves a big GPU idle, so each row's keys are cut into chunks
 * scored by workgroups of their own, whose partial softmax results a second kernel merges.
 */

/** Most rows a split step may carry: decode steps, one row per sequence. */
export const SPLIT_MAX_ROWS = 16;

/** Longest span of keys, in the step, below which one workgroup per row and head is enough. */
const SPLIT_MIN_SPAN = 256;

/** Workgroups a split step aims for: four per streaming multiprocessor of an H100 (132). */
const SPLIT_TARGET_GROUPS = 4 * 132;

/** Most chunks per row, which bounds the partials buffer. */
export const MAX_SPLITS = 32;

/** Chunks are whole rounds of the attention kernel's 128 keys. */
const CHUNK_KEYS = 128;

export interface AttentionSplit {
  /** Chunks per row. */
  splits: number;
  /** Keys per chunk. */
  chunk: number;
}

/** The split for T rows of N heads whose longest span of keys is `span`, or undefined to run unsplit. */
export function attentionSplit(T: number, N: number, span: number): AttentionSplit | undefined {
  if (T > SPLIT_MAX_ROWS || span <= SPLIT_MIN_SPAN) return undefined;
  const wanted = Math.min(MAX_SPLITS, Math.ceil(span / CHUNK_KEYS), Math.ceil(SPLIT_TARGET_GROUPS / (T * N)));
  const chunk = Math.ceil(span / wanted / CHUNK_KEYS) * CHUNK_KEYS;
  return { splits: Math.ceil(span / chunk), chunk };
}

/** Bytes of the partials buffer: per split row, head and chunk, H sums then the running max and sum (padded). */
export function attentionPartialsBytes(maxTokens: number, N: number, H: number): number {
  return Math.min(maxTokens, SPLIT_MAX_ROWS) * N * MAX_SPLITS * (H + 4) * 4;
}
