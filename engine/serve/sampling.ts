/**
 * Choosing the next token from logits: greedy (temperature 0), or sampling at a temperature from the top-k
 * tokens and/or the smallest set whose probability reaches top-p (Holtzman et al. 2020), with a seeded generator.
 */
import type { Random } from '../model/random';

export interface SamplingOptions {
  /** 0 picks the most likely token; higher values flatten the distribution. */
  temperature: number;
  /** Keep only the k most likely tokens (0 or absent: all). */
  topK?: number;
  /** Keep the most likely tokens until their probability reaches p (1 or absent: all). */
  topP?: number;
}

/** Index of the largest logit (the first, on ties). */
export function argmax(logits: Float32Array): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/** The distribution sampling draws from: softmax(logits / T), cut to top-k and top-p, renormalised. */
export function samplingDistribution(
  logits: Float32Array,
  { temperature, topK = 0, topP = 1 }: SamplingOptions,
): Float64Array {
  if (!(temperature > 0)) throw new Error(`temperature must be positive to sample (got ${temperature})`);
  const order = Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]! || a - b);
  const max = logits[order[0]!]!;
  const probs = new Float64Array(logits.length);
  let total = 0;
  for (const i of order) total += probs[i] = Math.exp((logits[i]! - max) / temperature);
  const keep = topK > 0 ? Math.min(topK, order.length) : order.length;
  let kept = 0;
  let mass = 0;
  for (const i of order.slice(0, keep)) {
    if (mass >= topP * total) break;
    mass += probs[i]!;
    kept++;
  }
  for (const i of order.slice(kept)) probs[i] = 0;
  for (let i = 0; i < probs.length; i++) probs[i] = probs[i]! / mass;
  return probs;
}

/** Draw one token. */
export function sample(logits: Float32Array, options: SamplingOptions, rng: Random): number {
  if (options.temperature === 0) return argmax(logits);
  const probs = samplingDistribution(logits, options);
  let u = rng.next();
  for (let i = 0; i < probs.length; i++) {
    u -= probs[i]!;
    if (u < 0) return i;
  }
  return probs.findLastIndex((p) => p > 0);
}
