/**
 * What lesson 6's engine widgets share: the session that holds the shipped target and the shipped draft on the
 * page's backend (the draft loaded beside the target, engine SessionRequest.draft), and the prompt they start from.
 */
import type { SessionRequest, SessionShape } from '@engine/index';
import type { TrainedModel } from '../frame/model-fit';
import { trainedSession } from '../frame/session-request';

/**
 * One sequence of up to 256 tokens per model; the first verification feeds the prompt and the draft together and
 * reads every row's logits, so a step may read back as many rows as it feeds.
 */
export const SPECULATIVE_SHAPE: SessionShape = {
  numBlocks: 20,
  blockSize: 16,
  maxTokens: 256,
  maxLogitRows: 256,
};

/** Most tokens drafted per verification, the K sliders' top. */
export const MAX_DRAFT_TOKENS = 8;

export const DEFAULT_PROMPT =
  'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a';

/** The shipped target with the shipped draft loaded beside it. */
export function speculativeSession(
  target: Pick<TrainedModel, 'path'>,
  draft: Pick<TrainedModel, 'path'>,
): SessionRequest {
  const draftBase = new URL(draft.path, location.href).href;
  return { ...trainedSession(target, SPECULATIVE_SHAPE), draft: { kind: 'url', base: draftBase } };
}
