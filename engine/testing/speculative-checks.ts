/**
 * Tests only: what speculative decoding must do on any pair of model runners, asserted the same way on the CPU
 * (serve/speculative-decode.test.ts) and on WebGPU (gpu/speculative-shipped.gpu.test.ts). Greedy output equals the
 * target's greedy decoding token for token, whatever the draft; every verification reads caches equal to a fresh
 * prefill of the accepted text (rollback leaves nothing stale); and no block is left behind.
 */
import { expect } from 'vitest';
import { syntheticConfig } from '../model/synthetic-configs';
import type { ModelRunner } from '../model-runner';
import { softmaxAt } from '../serve/divergence';
import { generate } from '../serve/generate';
import { speculativeDecode, type SpeculativeStep } from '../serve/speculative-decode';

/** The cache and step sizes both tests give their runners. */
export const SPECULATIVE_SHAPE = { numBlocks: 64, blockSize: 8, maxTokens: 16, maxLogitRows: 16 };

/** A draft unrelated to the target (TEST_CONFIG): narrower, one layer, one key/value head. */
export const DRAFT_CONFIG = syntheticConfig({
  width: 32,
  layers: 1,
  heads: 2,
  kvHeads: 1,
  maxPositions: 256,
});

const PROMPT = [3, 14, 15, 92, 65];
const K = 4;

export async function speculativeSteps(
  draft: ModelRunner,
  target: ModelRunner,
  options: { temperature: number; maxTokens: number },
): Promise<SpeculativeStep[]> {
  const all: SpeculativeStep[] = [];
  for await (const step of speculativeDecode(draft, target, PROMPT, { draftTokens: K, seed: 11, ...options }))
    all.push(step);
  return all;
}

const blocksHeld = (...runners: ModelRunner[]) => runners.reduce((n, r) => n + r.cache.pool.usedCount, 0);

/**
 * Greedy speculative decoding of `tokens` tokens with each draft gives the target's greedy decoding, and frees every
 * block; `self` (the target's own model, in a runner of its own or the target's runner itself) has every drafted
 * token accepted, K + 1 a step, and the unrelated draft has some rejected.
 */
export async function expectGreedyEqualsTarget(
  target: ModelRunner,
  drafts: { unrelated: ModelRunner; self: ModelRunner },
  tokens: number,
): Promise<void> {
  const plain: number[] = [];
  for await (const t of generate(target, PROMPT, { temperature: 0, maxTokens: tokens, seed: 0 }))
    plain.push(t.token);
  expect(plain.length).toBe(tokens);
  // Not a constant: the target's choices change along the way.
  expect(new Set(plain).size).toBeGreaterThan(1);
  for (const [name, draft] of Object.entries(drafts)) {
    const run = await speculativeSteps(draft, target, { temperature: 0, maxTokens: tokens });
    expect(run.flatMap((s) => s.emitted).slice(0, tokens), `${name} draft`).toEqual(plain);
    expect(blocksHeld(draft, target), `${name} draft`).toBe(0);
    if (draft === drafts.self)
      expect(run.every((s) => s.final.kind === 'bonus' && s.emitted.length === K + 1)).toBe(true);
    else expect(run.some((s) => s.final.kind !== 'bonus')).toBe(true);
  }
}

/**
 * At every step of `tokens` tokens sampled at temperature 1, the draft's and the target's distributions at the
 * first drafted position equal a fresh prefill's of the accepted text (within 1e-5), prefilled `chunk` tokens a
 * forward; no block is left behind.
 */
export async function expectStepsMatchFreshPrefill(
  draft: ModelRunner,
  target: ModelRunner,
  tokens: number,
  chunk = SPECULATIVE_SHAPE.maxTokens,
): Promise<void> {
  const run = await speculativeSteps(draft, target, { temperature: 1, maxTokens: tokens });
  // Both ways of ending a step, so both rollbacks (to a rejection, and past the whole draft) are checked.
  expect(run.some((s) => s.final.kind === 'resampled')).toBe(true);
  expect(run.some((s) => s.final.kind === 'bonus')).toBe(true);
  const text = [...PROMPT, ...run.flatMap((s) => s.emitted)];
  const V = target.vocabSize;
  const [targetRows, draftRows] = [
    await chunkedRows(target, text, chunk),
    await chunkedRows(draft, text, chunk),
  ];
  /** The largest gap between a step's distribution and a fresh prefill's at the position it predicts. */
  const gap = (mine: Float64Array, rows: Float32Array, at: number) => {
    const fresh = softmaxAt(rows.subarray((at - 1) * V, at * V), 1);
    return mine.reduce((m, v, i) => Math.max(m, Math.abs(v - fresh[i]!)), 0);
  };
  let position = PROMPT.length; // the position each step's first drafted token takes
  for (const [i, step] of run.entries()) {
    expect(gap(step.p[0]!, targetRows, position), `step ${i}, p`).toBeLessThan(1e-5);
    expect(gap(step.q[0]!, draftRows, position), `step ${i}, q`).toBeLessThan(1e-5);
    position += step.emitted.length;
  }
  expect(blocksHeld(draft, target)).toBe(0);
}

/** Logits of every position of `text`, prefilled through the runner's cache chunk by chunk. */
async function chunkedRows(
  runner: ModelRunner,
  text: readonly number[],
  chunk: number,
): Promise<Float32Array> {
  const seq = runner.create();
  const V = runner.vocabSize;
  const out = new Float32Array(text.length * V);
  for (let at = 0; at < text.length; at += chunk) {
    const tokens = text.slice(at, at + chunk);
    const [rows] = await runner.forward([{ seq, tokens, logits: 'all' }]);
    out.set(rows!, at * V);
  }
  runner.free(seq);
  return out;
}
