/**
 * AWQ on a loaded model: run the f32 model over calibration text (whole windows of its context, at most
 * `AWQ_CALIBRATION_WINDOWS`), record each linear layer's inputs, search and fold the scales (awq.ts). The result is
 * still f32 and computes the same function; encode-weights.ts then stores it in the integer scheme.
 */
import type { LlamaConfig } from '../model/config';
import type { Tokenizer } from '../model/tokenizer';
import type { LlamaWeights } from '../model/weights';
import { ActivationRecorder, calibrationForward } from './activation-stats';
import { applyAwq } from './awq';
import type { IntScheme } from './scheme';

/** Windows of calibration text the statistics are gathered over. */
export const AWQ_CALIBRATION_WINDOWS = 2;
/** Rows of each layer input the α search measures output error on: the search's cost grows with them. */
export const AWQ_CALIBRATION_ROWS = 16;

/**
 * `weights` with AWQ's scales for `scheme` folded in, calibrated on `text` from token `skipTokens` on (so that text
 * scored afterwards can be left out); throws if that holds no whole window.
 */
export function awqCalibrated(
  c: LlamaConfig,
  weights: LlamaWeights,
  tokenizer: Tokenizer,
  text: string,
  scheme: IntScheme,
  skipTokens = 0,
): LlamaWeights {
  const ids = tokenizer.encode(text).slice(skipTokens);
  const window = c.maxPositions;
  const windows = Math.min(AWQ_CALIBRATION_WINDOWS, Math.floor(ids.length / window));
  if (windows < 1)
    throw new Error(`AWQ needs ${window} tokens of calibration text; it was given ${ids.length}`);
  const recorder = new ActivationRecorder(c, AWQ_CALIBRATION_ROWS);
  for (let k = 0; k < windows; k++)
    calibrationForward(c, weights, ids.slice(k * window, (k + 1) * window), recorder);
  return applyAwq(c, weights, recorder.calibration(), scheme);
}
