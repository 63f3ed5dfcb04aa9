/**
 * Requests that share a prompt prefix (a system prompt), served one after another with the prefix cache on or off.
 * Each request starts from whatever the cache holds of its prompt, prefills the rest in one forward call (the time
 * to its first token), then decodes greedily; every request stays resident until the last has run, so the memory
 * the requests hold together is what a server holding them at once would need. With the cache on, a later request
 * points its page table at the blocks an earlier one filled (their counts raised) and computes only its own tail.
 */
import type { ModelRunner } from '../model-runner';
import { argmax } from './sampling';

export interface PrefixRequest {
  prompt: readonly number[];
  /** Tokens to generate, the first included (at least 1). */
  maxNewTokens: number;
}

export interface PrefixServed {
  /** Greedy tokens generated. */
  tokens: number[];
  /** Prompt tokens found in the cache: never computed for this request. */
  cached: number;
  /** Prompt tokens this request's prefill computed. */
  computed: number;
  /** Wall-clock seconds of the prefill call that gave the first token. */
  ttftSeconds: number;
  /** The request's page table after its prefill. */
  pageTable: number[];
}

export interface PrefixRun {
  prefixCaching: boolean;
  served: PrefixServed[];
  /** Blocks held once every request has run, all still resident. */
  blocksHeld: number;
  /** Of those, blocks more than one request points at. */
  blocksShared: number;
}

export interface PrefixOptions {
  prefixCaching: boolean;
  signal?: AbortSignal;
  /** Called as each request finishes. */
  onServed?: (served: PrefixServed, index: number) => void | Promise<void>;
}

export async function serveSharedPrefix(
  runner: ModelRunner,
  requests: readonly PrefixRequest[],
  { prefixCaching, signal, onServed }: PrefixOptions,
): Promise<PrefixRun> {
  const cache = runner.cache;
  const wasCaching = cache.prefixCaching;
  cache.setPrefixCaching(prefixCaching);
  const seqs: number[] = [];
  try {
    const served: PrefixServed[] = [];
    for (const [index, request] of requests.entries()) {
      signal?.throwIfAborted();
      const { seq, cached } = runner.createCached(request.prompt);
      seqs.push(seq);
      const start = performance.now();
      const [first] = await runner.forward([{ seq, tokens: request.prompt.slice(cached), logits: 'last' }]);
      const ttftSeconds = (performance.now() - start) / 1000;
      const pageTable = [...cache.pageTable(seq)];
      const tokens = [argmax(first!)];
      while (tokens.length < request.maxNewTokens) {
        signal?.throwIfAborted();
        const [logits] = await runner.forward([{ seq, tokens: tokens.slice(-1), logits: 'last' }]);
        tokens.push(argmax(logits!));
      }
      const result = { tokens, cached, computed: request.prompt.length - cached, ttftSeconds, pageTable };
      served.push(result);
      await onServed?.(result, index);
    }
    const held = seqs.flatMap((seq) => cache.pageTable(seq));
    return {
      prefixCaching,
      served,
      blocksHeld: new Set(held).size,
      blocksShared: new Set(held.filter((block) => cache.pool.refCount(block) > 1)).size,
    };
  } finally {
    for (const seq of seqs) runner.free(seq);
    cache.setPrefixCaching(wasCaching);
  }
}
