/**
 * Beam search on the paged KV cache, a user of fork and copy-on-write (Kwon et al. 2023 §4.4): the `width` most
 * likely continuations are kept, each a sequence in the cache. A step scores every beam's next tokens in one batched
 * forward; the best `width` of all (beam, token) pairs survive. A beam chosen more than once is forked (its children
 * share every block, and the first write into the shared last block copies it); a beam not chosen is freed, its
 * blocks going back to the pool unless a surviving beam still shares them. Scores are sums of log-probabilities,
 * without length normalisation or an end token: every beam has the same length.
 */
import type { ModelRunner } from '../model-runner';
import { softmaxAt } from './divergence';
import { topIds } from './top-ids';

export interface Beam {
  /** Tokens generated after the prompt. */
  tokens: number[];
  /** Sum of the natural log-probabilities of those tokens. */
  logProb: number;
}

export interface BeamStep {
  beams: Beam[];
  /** Physical blocks all beams hold together. */
  blocksHeld: number;
}

interface Live extends Beam {
  seq: number;
}

/** The `width` best continuations of each live beam by score, then the best `width` of all. */
function survivors(live: readonly Live[], logits: readonly Float32Array[], width: number) {
  const candidates = live.flatMap((beam, b) => {
    const logProbs = softmaxAt(logits[b]!, 1).map(Math.log);
    return topIds(logProbs, width).map((token) => ({
      parent: b,
      token,
      logProb: beam.logProb + logProbs[token]!,
    }));
  });
  return candidates.sort((x, y) => y.logProb - x.logProb).slice(0, width);
}

export async function* beamSearch(
  runner: ModelRunner,
  prompt: readonly number[],
  { width, maxTokens, signal }: { width: number; maxTokens: number; signal?: AbortSignal },
): AsyncGenerator<BeamStep> {
  if (!Number.isInteger(width) || width < 1)
    throw new Error(`beam width must be a positive integer, got ${width}`);
  let live: Live[] = [{ seq: runner.create(), tokens: [], logProb: 0 }];
  try {
    let inputs: number[][] = [[...prompt]];
    for (let step = 0; step < maxTokens; step++) {
      signal?.throwIfAborted();
      const logits = await runner.forward(
        live.map((b, i) => ({ seq: b.seq, tokens: inputs[i]!, logits: 'last' })),
      );
      const chosen = survivors(live, logits, width);
      const next: Live[] = chosen.map(({ parent, token, logProb }) => {
        const from = live[parent]!;
        const first = chosen.find((c) => c.parent === parent)!.token === token;
        return { seq: first ? from.seq : runner.fork(from.seq), tokens: [...from.tokens, token], logProb };
      });
      for (const [b, beam] of live.entries()) if (!chosen.some((c) => c.parent === b)) runner.free(beam.seq);
      live = next;
      inputs = live.map((b) => b.tokens.slice(-1));
      const held = new Set(live.flatMap((b) => runner.cache.pageTable(b.seq)));
      yield { beams: live.map(({ tokens, logProb }) => ({ tokens, logProb })), blocksHeld: held.size };
    }
  } finally {
    for (const beam of live) runner.free(beam.seq);
  }
}
