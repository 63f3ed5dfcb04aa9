// Speculative decoding on two CPU runners with synthetic weights: greedy output equals the target's greedy decoding
// token for token over 200 tokens, whatever the draft; every verification reads caches equal to a fresh prefill of
// the accepted text (rollback leaves nothing stale); and no block is left behind. The checks live in
// testing/speculative-checks.ts, which gpu/speculative-shipped.gpu.test.ts runs on WebGPU.
import { describe, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache } from '../kv/paged-kv-cache';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import type { LlamaConfig } from '../model/config';
import { ModelRunner } from '../model-runner';
import {
  DRAFT_CONFIG,
  expectGreedyEqualsTarget,
  expectStepsMatchFreshPrefill,
  SPECULATIVE_SHAPE as shape,
} from '../testing/speculative-checks';

const runner = (config: LlamaConfig, seed: number) =>
  new ModelRunner(
    new CpuBackend(config, syntheticWeights(config, seed), shape),
    new PagedKvCache(shape),
    config,
  );

describe('speculativeDecode', () => {
  it('reproduces greedy decoding of the target over 200 tokens, with an unrelated draft or the target itself', async () => {
    const drafts = { unrelated: runner(DRAFT_CONFIG, 2), self: runner(TEST_CONFIG, 1) };
    await expectGreedyEqualsTarget(runner(TEST_CONFIG, 1), drafts, 200);
  }, 60_000);

  it('verifies against caches equal to a fresh prefill of the accepted text, at every step', async () => {
    await expectStepsMatchFreshPrefill(runner(DRAFT_CONFIG, 2), runner(TEST_CONFIG, 1), 60);
  }, 60_000);
});
