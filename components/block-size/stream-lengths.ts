/**
 * The sequences the block-size widget counts waste over: a seeded stream of requests from the engine's
 * requestStream, each held at its full length (prompt and every output token, no early stop) and at most the
 * model's context. Only the lengths matter here, so the prompts are cut from a blank text.
 */
import { requestStream } from '@engine/index';

/** The stream's seed and size. */
export const STREAM = { seed: 1, requests: 100 } as const;

/** Prompts uniform from 8 tokens to half the context; outputs geometric, mean a quarter of it, capped at half. */
export function streamLengths(maxPositions: number): number[] {
  const half = Math.floor(maxPositions / 2);
  const requests = requestStream({
    ...STREAM,
    rate: Infinity,
    promptTokens: { kind: 'uniform', min: 8, max: half },
    outputTokens: { kind: 'geometric', mean: half / 2, max: half },
    source: new Array<number>(half).fill(0),
  });
  return requests.map((r) => r.prompt.length + r.maxNewTokens);
}
