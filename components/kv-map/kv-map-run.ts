/**
 * What the KV memory map runs: the trained model on one sequence, its prompt, the block sizes offered, and a pool
 * exactly large enough for the longest sequence the model takes, so every cell of the map is a block the sequence
 * could fill.
 */
import type { SessionShape } from '@engine/index';
import { powersOfTwo } from '../controls/ticks';

export const MAP_PROMPT = 'It is a truth universally acknowledged, that';

/** Block sizes offered, in tokens. */
export const BLOCK_SIZES = powersOfTwo(4, 64);

/** Most new tokens a run asks for (the model's context ends generation sooner when it is shorter). */
export const MAX_MAP_TOKENS = 256;

/** A pool of whole blocks covering `maxPositions` tokens, and steps large enough for the prompt's prefill. */
export function mapShape(maxPositions: number, blockSize: number): SessionShape {
  return { numBlocks: Math.ceil(maxPositions / blockSize), blockSize, maxTokens: 64, maxLogitRows: 1 };
}
