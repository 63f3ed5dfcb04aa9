/**
 * The arrival rates the sweep serves, derived from the setup so that every model and device shows its knee: round
 * rates from a sixteenth of a decode-bound capacity estimate to four times it, well past saturation.
 */
import { analytic } from '@engine/index';
import { kvPool, promptRange, servingSetup, type ScaleRequest } from './scale-request';

export interface CapacityEstimate {
  /** Requests per second continuous batching could finish if decoding were all it did. */
  rate: number;
  /** Sequences decoding together: the slots, or as many average requests as the KV pool holds if fewer. */
  batch: number;
  /** Context each sequence attends over, on average: the mean prompt and half the mean output. */
  context: number;
  /** One decode step of the batch at that context. */
  stepSeconds: number;
}

/**
 * A decode-bound estimate of continuous batching's capacity: the batch finishes a request every mean-output
 * decode steps per slot. It leaves prefill out, so the real ceiling lies somewhat lower.
 */
export function capacityEstimate(request: ScaleRequest): CapacityEstimate {
  const { min, max } = promptRange(request);
  const meanPrompt = (min + max) / 2;
  const context = Math.round(meanPrompt + request.meanOutput / 2);
  const held = Math.floor(kvPool(request).tokens / (meanPrompt + request.meanOutput));
  const batch = Math.max(1, Math.min(request.slots, held));
  const stepSeconds = analytic.decodeStep(servingSetup(request), batch, context).seconds;
  return { rate: batch / (request.meanOutput * stepSeconds), batch, context, stepSeconds };
}

/** Mantissas of the round rates: about six to a decade, each step at most ×1.67. */
const ROUND = [1, 1.5, 2, 3, 5, 7] as const;

/** The round rate at decade `exponent` and mantissa index `i`, without floating-point dust (0.3, not 0.30…04). */
const roundRate = (exponent: number, i: number) => Number((ROUND[i]! * 10 ** exponent).toPrecision(2));

/** Round rates from the largest at or below capacity ÷ `below` to the smallest at or above capacity × `above`. */
export function rateGrid(capacity: number, below = 16, above = 4): number[] {
  const [low, high] = [capacity / below, capacity * above];
  const rates: number[] = [];
  for (let exponent = Math.floor(Math.log10(low)); ; exponent++) {
    for (let i = 0; i < ROUND.length; i++) {
      const rate = roundRate(exponent, i);
      const next = i + 1 < ROUND.length ? roundRate(exponent, i + 1) : roundRate(exponent + 1, 0);
      if (next <= low) continue;
      rates.push(rate);
      if (rate >= high) return rates;
    }
  }
}
