// The CPU forward with the cache-shrinking options of lesson 3: a sliding window, whose session gives blocks behind
// the window back to the pool while other sequences reuse them, and cross-layer KV sharing.
import { describe, expect, it } from 'vitest';
import { PagedKvCache, RELEASED_BLOCK } from '../kv/paged-kv-cache';
import type { LlamaConfig } from '../model/config';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { stepOpCounts } from '../measure/op-costs';
import { ModelRunner } from '../model-runner';
import { CpuBackend } from './forward';

const WINDOW = 6;
const windowed: LlamaConfig = { ...TEST_CONFIG, slidingWindow: WINDOW };
const shared: LlamaConfig = { ...TEST_CONFIG, kvShareGroup: 2 };

function session(config: LlamaConfig, blockSize: number, numBlocks: number): ModelRunner {
  const shape = { numBlocks, blockSize };
  return new ModelRunner(
    new CpuBackend(config, syntheticWeights(config, 5), shape),
    new PagedKvCache(shape),
    config,
  );
}

const prompt = [3, 1, 4, 1, 5];
const next = Array.from({ length: 16 }, (_, i) => (i * 37) % 256);

/** Logits of a prefill of `prompt` and then each of `next` decoded one by one, in `s`. */
async function generate(s: ModelRunner): Promise<Float32Array[]> {
  const seq = s.create();
  const out = [(await s.forward([{ seq, tokens: prompt, logits: 'last' }]))[0]!];
  for (const token of next) out.push((await s.forward([{ seq, tokens: [token], logits: 'last' }]))[0]!);
  return out;
}

describe('CPU forward with a sliding window', () => {
  it('matches full attention until the context outgrows the window, then departs from it', async () => {
    const full = await generate(session(TEST_CONFIG, 4, 16));
    const window = await generate(session(windowed, 4, 16));
    // Step i ends at position prompt.length + i − 1; the window covers everything while that is below WINDOW.
    window.forEach((logits, i) => {
      if (prompt.length + i <= WINDOW) expect(logits).toEqual(full[i]);
      else expect(logits).not.toEqual(full[i]);
    });
  });

  it('frees blocks behind the window while another sequence reuses them, changing no logits', async () => {
    // The judge: one contiguous block per sequence, which is never wholly behind the window, so nothing is freed.
    const alone = await generate(session(windowed, 64, 2));
    expect(alone.every((logits) => logits.every(Number.isFinite))).toBe(true);
    // Two sequences decoding in turn in a pool of 9 two-token blocks: without freeing they would need 22.
    const s = session(windowed, 2, 9);
    const [a, b] = [s.create(), s.create()];
    const outA = [(await s.forward([{ seq: a, tokens: prompt, logits: 'last' }]))[0]!];
    const outB = [(await s.forward([{ seq: b, tokens: prompt, logits: 'last' }]))[0]!];
    const reused = new Set<number>();
    for (const token of next) {
      const before = new Set(s.cache.pageTable(a));
      outA.push((await s.forward([{ seq: a, tokens: [token], logits: 'last' }]))[0]!);
      outB.push((await s.forward([{ seq: b, tokens: [token], logits: 'last' }]))[0]!);
      for (const block of s.cache.pageTable(b)) if (before.has(block)) reused.add(block);
      // Each holds only the blocks of the W − 1 = 5 positions its next token reads back to: 3 at most.
      for (const seq of [a, b]) {
        const held = s.cache.pageTable(seq).filter((block) => block !== RELEASED_BLOCK);
        expect(held.length).toBeLessThanOrEqual(3);
      }
    }
    expect(reused.size).toBeGreaterThan(0);
    expect(outA).toEqual(alone);
    expect(outB).toEqual(alone);
  });

  it('keeps a block a fork still attends to, and gives the fork the logits it has alone', async () => {
    const s = session(windowed, 2, 32);
    const parent = s.create();
    await s.forward([{ seq: parent, tokens: prompt, logits: 'last' }]);
    const child = s.fork(parent);
    const held = s.cache.pageTable(child)[0]!;
    // The parent runs far past the window; the child, still at 5 tokens, keeps its first block.
    for (const token of next.slice(0, 8)) await s.forward([{ seq: parent, tokens: [token], logits: 'last' }]);
    expect(s.cache.pageTable(parent)[0]).toBe(RELEASED_BLOCK);
    expect(s.cache.pool.refCount(held)).toBe(1);
    const [fromChild] = await s.forward([{ seq: child, tokens: [next[0]!], logits: 'last' }]);
    expect(fromChild).toEqual((await generate(session(windowed, 64, 2)))[1]);
  });
});

describe('CPU forward with cross-layer KV sharing', () => {
  it('runs every op the op counts name, and no key or value work in the layer that shares', async () => {
    const times = await session(shared, 4, 16).timePrefillOps(prompt);
    const names = stepOpCounts(shared, [{ cached: 0, newTokens: prompt.length }], 1).map((o) => o.name);
    expect(times.map((t) => t.name)).toEqual(names);
    expect(names).toContain('layer 0 KV write');
    for (const op of ['k projection', 'v projection', 'k rotation', 'KV write'])
      expect(names).not.toContain(`layer 1 ${op}`);
  });

  it('gives the same logits, with a window too, for one-token blocks as for one contiguous block', async () => {
    const both: LlamaConfig = { ...shared, slidingWindow: WINDOW };
    const paged = await generate(session(both, 1, 64));
    const contiguous = await generate(session(both, 64, 2));
    paged.forEach((logits, i) => expect(logits).toEqual(contiguous[i]));
    expect(paged.every((logits) => logits.every(Number.isFinite))).toBe(true);
  });
});
