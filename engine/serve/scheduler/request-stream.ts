/**
 * A seeded stream of requests for a server to schedule: arrivals as a Poisson process at a chosen rate (exponential
 * gaps between them), prompt and output lengths each from a chosen distribution, and prompts cut from a text's token
 * ids (held-out text, so the prompts are real) at seeded offsets. The same options give the same stream everywhere.
 */
import { Random } from '../../model/random';

export interface ServeRequest {
  id: number;
  /** Seconds after the stream starts. */
  arrival: number;
  prompt: number[];
  /** Tokens to generate; fewer if a stop token comes first. */
  maxNewTokens: number;
}

/** A length drawn per request: always the same, uniform between two bounds (inclusive), or geometric with a mean. */
export type LengthDistribution =
  | { kind: 'fixed'; tokens: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'geometric'; mean: number; max: number };

export interface StreamOptions {
  seed: number;
  requests: number;
  /** Mean arrivals per second; Infinity puts every request at time 0. */
  rate: number;
  promptTokens: LengthDistribution;
  outputTokens: LengthDistribution;
  /** Token ids the prompts are cut from; at least as long as the longest prompt. */
  source: readonly number[];
}

/** One draw of a length, at least 1. */
export function drawLength(distribution: LengthDistribution, rng: Random): number {
  switch (distribution.kind) {
    case 'fixed':
      return distribution.tokens;
    case 'uniform':
      return distribution.min + rng.int(distribution.max - distribution.min + 1);
    case 'geometric': {
      // Geometric on 1, 2, … with mean m: success probability 1 / m.
      const u = 1 - rng.next();
      const length = Math.ceil(Math.log(u) / Math.log(1 - 1 / distribution.mean));
      return Math.min(distribution.max, Math.max(1, length));
    }
  }
}

export function requestStream(options: StreamOptions): ServeRequest[] {
  const rng = new Random(options.seed);
  const requests: ServeRequest[] = [];
  let clock = 0;
  for (let id = 0; id < options.requests; id++) {
    if (Number.isFinite(options.rate)) clock += -Math.log(1 - rng.next()) / options.rate;
    const length = drawLength(options.promptTokens, rng);
    if (length > options.source.length)
      throw new Error(
        `a prompt of ${length} tokens cannot be cut from ${options.source.length} source tokens`,
      );
    const start = rng.int(options.source.length - length + 1);
    requests.push({
      id,
      arrival: Number.isFinite(options.rate) ? clock : 0,
      prompt: options.source.slice(start, start + length),
      maxNewTokens: drawLength(options.outputTokens, rng),
    });
  }
  return requests;
}
