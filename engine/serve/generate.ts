/**
 * Autoregressive generation on the model runner: prefill the prompt (in one forward call, or in chunks of at most
 * `prefillChunk` tokens), then decode one token per call, sampling each with a seeded generator. Streams each token
 * with the time its step took; stops at maxTokens, when the model's context or the cache is full, at a stop token,
 * or when the signal aborts, and always frees its sequence.
 */
import { Random } from '../model/random';
import type { ModelRunner } from '../model-runner';
import { sample, type SamplingOptions } from './sampling';

export interface GenerateOptions extends SamplingOptions {
  maxTokens: number;
  seed: number;
  signal?: AbortSignal;
  /** Tokens that end generation (they are yielded, then generation stops). */
  stopTokens?: readonly number[];
  /** Most tokens one forward call takes (the session's step size); a longer prompt is prefilled in chunks. */
  prefillChunk?: number;
}

export interface GeneratedToken {
  token: number;
  /** The KV cache sequence being generated, still held while the token is read (freed when generation ends). */
  seq: number;
  /** Which call produced it: the prompt's prefill, or a decode step. */
  phase: 'prefill' | 'decode';
  /** Wall-clock seconds of the forward call (or a chunked prefill's calls) that produced it. */
  seconds: number;
  /** Tokens that call processed (the prompt length for prefill, 1 for decode). */
  tokensIn: number;
}

export async function* generate(
  runner: ModelRunner,
  prompt: readonly number[],
  options: GenerateOptions,
): AsyncGenerator<GeneratedToken> {
  if (prompt.length === 0) throw new Error('the prompt is empty');
  const rng = new Random(options.seed);
  const seq = runner.create();
  try {
    let input = prompt;
    // The last token generated is never fed back, so a full context yields one token past it. Without a sliding
    // window, the sequence can hold no more positions than the cache has slots.
    const { blockSize, pool } = runner.cache;
    const slots = runner.slidingWindow === undefined ? pool.numBlocks * blockSize : Infinity;
    const room = Math.min(runner.maxPositions, slots) - prompt.length + 1;
    const chunk = options.prefillChunk ?? Infinity;
    for (let i = 0; i < Math.min(options.maxTokens, room); i++) {
      options.signal?.throwIfAborted();
      const start = performance.now();
      for (; input.length > chunk; input = input.slice(chunk)) {
        await runner.forward([{ seq, tokens: input.slice(0, chunk), logits: 'last' }]);
      }
      const [logits] = await runner.forward([{ seq, tokens: input, logits: 'last' }]);
      const seconds = (performance.now() - start) / 1000;
      const token = sample(logits!, options, rng);
      yield {
        token,
        seq,
        phase: i === 0 ? 'prefill' : 'decode',
        seconds,
        tokensIn: i === 0 ? prompt.length : input.length,
      };
      if (options.stopTokens?.includes(token)) return;
      input = [token];
    }
  } finally {
    runner.free(seq);
  }
}
