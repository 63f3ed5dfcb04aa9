// Speculative decoding on two CPU runners with synthetic weights: greedy output equals the target's greedy decoding
// token for token over 200 tokens, whatever the draft; every verification reads caches equal to a fresh prefill of
// the accepted text (rollback leaves nothing stale); and no block is left behind.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache } from '../kv/paged-kv-cache';
import { syntheticWeights } from '../model/synthetic';
import { syntheticConfig, TEST_CONFIG } from '../model/synthetic-configs';
import type { LlamaConfig } from '../model/config';
import { ModelRunner } from '../model-runner';
import { softmaxAt } from './divergence';
import { generate } from './generate';
import { speculativeDecode, type SpeculativeStep } from './speculative-decode';

const shape = { numBlocks: 64, blockSize: 8, maxTokens: 16, maxLogitRows: 16 };
const runner = (config: LlamaConfig, seed: number) =>
  new ModelRunner(
    new CpuBackend(config, syntheticWeights(config, seed), shape),
    new PagedKvCache(shape),
    config,
  );
const draftConfig = syntheticConfig({ width: 32, layers: 1, heads: 2, kvHeads: 1, maxPositions: 256 });
const prompt = [3, 14, 15, 92, 65];

async function steps(
  draft: ModelRunner,
  target: ModelRunner,
  options: { temperature: number; maxTokens: number },
) {
  const all: SpeculativeStep[] = [];
  for await (const step of speculativeDecode(draft, target, prompt, { draftTokens: 4, seed: 11, ...options }))
    all.push(step);
  return all;
}

describe('speculativeDecode', () => {
  it('reproduces greedy decoding of the target over 200 tokens, with an unrelated draft or the target itself', async () => {
    const target = runner(TEST_CONFIG, 1);
    const plain: number[] = [];
    for await (const t of generate(target, prompt, { temperature: 0, maxTokens: 200, seed: 0 }))
      plain.push(t.token);
    for (const draft of [runner(draftConfig, 2), runner(TEST_CONFIG, 1)]) {
      const run = await steps(draft, target, { temperature: 0, maxTokens: 200 });
      expect(run.flatMap((s) => s.emitted).slice(0, 200)).toEqual(plain);
      expect(draft.cache.pool.usedCount + target.cache.pool.usedCount).toBe(0);
    }
    // The target drafting for itself has every token accepted: K + 1 tokens a step.
    const self = await steps(runner(TEST_CONFIG, 1), target, { temperature: 0, maxTokens: 20 });
    expect(self.every((s) => s.final.kind === 'bonus' && s.emitted.length === 5)).toBe(true);
  }, 60_000);

  it('verifies against caches equal to a fresh prefill of the accepted text, at every step', async () => {
    const [draft, target] = [runner(draftConfig, 2), runner(TEST_CONFIG, 1)];
    const run = await steps(draft, target, { temperature: 1, maxTokens: 60 });
    expect(run.some((s) => s.final.kind === 'resampled')).toBe(true);
    expect(run.some((s) => s.final.kind === 'bonus')).toBe(true);
    const text = [...prompt, ...run.flatMap((s) => s.emitted)];
    const V = TEST_CONFIG.vocabSize;
    const [targetRows, draftRows] = [await chunkedRows(target, text), await chunkedRows(draft, text)];
    /** The largest gap between a step's distribution and a fresh prefill's at the position it predicts. */
    const gap = (mine: Float64Array, rows: Float32Array, at: number) => {
      const fresh = softmaxAt(rows.subarray((at - 1) * V, at * V), 1);
      return mine.reduce((m, v, i) => Math.max(m, Math.abs(v - fresh[i]!)), 0);
    };
    let position = prompt.length; // the position each step's first drafted token takes
    for (const step of run) {
      expect(gap(step.p[0]!, targetRows, position)).toBeLessThan(1e-5);
      expect(gap(step.q[0]!, draftRows, position)).toBeLessThan(1e-5);
      position += step.emitted.length;
    }
  }, 60_000);
});

/** Logits of every position of `text`, prefilled through the runner's cache chunk by chunk. */
async function chunkedRows(target: ModelRunner, text: readonly number[]): Promise<Float32Array> {
  const seq = target.create();
  const V = target.vocabSize;
  const out = new Float32Array(text.length * V);
  for (let at = 0; at < text.length; at += shape.maxTokens) {
    const tokens = text.slice(at, at + shape.maxTokens);
    const [rows] = await target.forward([{ seq, tokens, logits: 'all' }]);
    out.set(rows!, at * V);
  }
  target.free(seq);
  return out;
}
