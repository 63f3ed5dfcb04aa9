import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache } from '../kv/paged-kv-cache';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { ModelRunner } from '../model-runner';
import { argmax } from './sampling';
import { generate } from './generate';

function session(): ModelRunner {
  const shape = { numBlocks: 32, blockSize: 8 };
  return new ModelRunner(
    new CpuBackend(TEST_CONFIG, syntheticWeights(TEST_CONFIG, 5), shape),
    new PagedKvCache(shape),
    TEST_CONFIG,
  );
}

async function collect(s: ModelRunner, options: Parameters<typeof generate>[2]) {
  const out = [];
  for await (const t of generate(s, [72, 105], options)) out.push(t);
  return out;
}

describe('generate', () => {
  it('prefills once, then decodes one token per step, and frees its sequence', async () => {
    const s = session();
    const tokens = await collect(s, { maxTokens: 5, temperature: 0, seed: 1 });
    expect(tokens.map((t) => t.phase)).toEqual(['prefill', 'decode', 'decode', 'decode', 'decode']);
    expect(tokens.map((t) => t.tokensIn)).toEqual([2, 1, 1, 1, 1]);
    expect(s.cache.pool.usedCount).toBe(0);
  });

  it('names its sequence, which holds the prompt and every token fed back while the token is read', async () => {
    const s = session();
    const lengths: number[] = [];
    for await (const t of generate(s, [72, 105], { maxTokens: 3, temperature: 0, seed: 1 }))
      lengths.push(s.cache.length(t.seq));
    expect(lengths).toEqual([2, 3, 4]);
  });

  it('stops when the context is full, after the token that fills it', async () => {
    const s = session();
    const small = new ModelRunner(s.backend, s.cache, { ...TEST_CONFIG, maxPositions: 6 });
    // A 2-token prompt leaves room for 4 decode inputs: 5 tokens come out, the last never fed back.
    const tokens = await collect(small, { maxTokens: 50, temperature: 0, seed: 1 });
    expect(tokens).toHaveLength(5);
    expect(small.cache.pool.usedCount).toBe(0);
  });

  it("stops when the cache is full, however long the model's context", async () => {
    const s = session();
    const shape = { numBlocks: 1, blockSize: 8 };
    const tiny = new ModelRunner(s.backend, new PagedKvCache(shape), TEST_CONFIG);
    // 8 slots: the 2-token prompt and 6 tokens fed back; a 7th comes out, never fed back.
    expect(await collect(tiny, { maxTokens: 50, temperature: 0, seed: 1 })).toHaveLength(7);
  });

  it('prefills a prompt longer than a step in chunks, to the same tokens', async () => {
    const prompt = Array.from({ length: 11 }, (_, i) => (i * 37) % 256);
    const run = async (prefillChunk?: number) => {
      const out = [];
      const options = { maxTokens: 4, temperature: 0, seed: 1, ...(prefillChunk && { prefillChunk }) };
      for await (const t of generate(session(), prompt, options)) out.push(t);
      return out;
    };
    const whole = await run();
    const chunked = await run(4);
    expect(chunked.map((t) => t.token)).toEqual(whole.map((t) => t.token));
    expect(chunked.map((t) => t.tokensIn)).toEqual([11, 1, 1, 1]);
  });

  it('greedy decoding picks the argmax of the same forward run by hand', async () => {
    const s = session();
    const [first] = await collect(s, { maxTokens: 1, temperature: 0, seed: 1 });
    const seq = s.create();
    const [logits] = await s.forward([{ seq, tokens: [72, 105], logits: 'last' }]);
    expect(first!.token).toBe(argmax(logits!));
  });

  it('repeats a sampled run for the same seed and differs for another', async () => {
    const run = async (seed: number) =>
      (await collect(session(), { maxTokens: 12, temperature: 1, seed })).map((t) => t.token);
    expect(await run(3)).toEqual(await run(3));
    expect(await run(3)).not.toEqual(await run(4));
  });

  it('stops when the signal aborts, freeing the cache', async () => {
    const s = session();
    const controller = new AbortController();
    const seen: number[] = [];
    await expect(async () => {
      for await (const t of generate(s, [1, 2, 3], {
        maxTokens: 50,
        temperature: 0,
        seed: 1,
        signal: controller.signal,
      })) {
        seen.push(t.token);
        if (seen.length === 3) controller.abort();
      }
    }).rejects.toThrow();
    expect(seen).toHaveLength(3);
    expect(s.cache.pool.usedCount).toBe(0);
  });
});
