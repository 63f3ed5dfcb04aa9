/**
 * The session shape of lesson 1's engine widgets (the live engine, the decode breakdown, the measured roofline): one
 * sequence of up to 512 tokens, prefilled up to 256 at a time; and the model size they start with.
 */
import type { SessionShape } from '@engine/index';

export const LIVE_SHAPE: SessionShape = { numBlocks: 32, blockSize: 16, maxTokens: 256, maxLogitRows: 1 };

/** The synthetic size lesson 1's measured widgets start with (the exercises and facts quote its shape). */
export const LIVE_SIZE = 's';

/** Longest prompt, in tokens, and most new tokens. */
export const MAX_PROMPT_TOKENS = 256;
export const MAX_NEW_TOKENS = 256;
