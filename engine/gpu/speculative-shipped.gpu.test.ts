// Speculative decoding with both models on WebGPU. Exactness on the shipped pair, loaded as the site loads them:
// the first token of 20,000 seeded speculative steps at one fixed context fits the target's distribution by χ² at
// α = 0.001, and a wrong resampling rule fails (engine/serve/speculative-shipped.test.ts does the same on the CPU).
// Then serve/speculative-decode.test.ts's checks on small synthetic models (testing/speculative-checks.ts): greedy
// output equals the target's greedy decoding, every step's distributions equal a fresh prefill's, no block leaks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../create-session';
import { PagedKvCache } from '../kv/paged-kv-cache';
import { ModelRunner } from '../model-runner';
import { softmaxAt } from '../serve/divergence';
import {
  DRAFT_CONFIG,
  expectGreedyEqualsTarget,
  expectStepsMatchFreshPrefill,
  SPECULATIVE_SHAPE as shape,
} from '../testing/speculative-checks';
import { FIT_PROMPT, firstTokenFit } from '../testing/speculative-fit';
import { acquireGpu } from './device';
import { GpuBackend } from './forward';

async function lastRow(id: string): Promise<{ probs: Float64Array; backend: string }> {
  const { runner, tokenizer, info, destroy } = await createSession({
    model: { kind: 'url', base: `/models/${id}` },
    shape: { numBlocks: 4, blockSize: 16, maxTokens: 64, maxLogitRows: 1 },
    backend: 'auto',
  });
  try {
    const [logits] = await runner.forward([
      { seq: runner.create(), tokens: tokenizer.encode(FIT_PROMPT), logits: 'last' },
    ]);
    return { probs: softmaxAt(logits!, 1), backend: info.backend };
  } finally {
    // A device left alive makes later files' fresh devices hang in the full suite.
    destroy();
  }
}

describe('speculative sampling with the shipped draft and target, on WebGPU', () => {
  it('draws the first token from the target distribution, and a wrong resampling rule does not', async () => {
    const [p, q] = [await lastRow('prose-target'), await lastRow('prose-draft')];
    expect([p.backend, q.backend]).toEqual(['webgpu', 'webgpu']);
    const fit = firstTokenFit(p.probs, q.probs, 'speculative');
    expect(fit.bins).toBeGreaterThan(20);
    expect(fit.pValue).toBeGreaterThan(0.001);
    expect(firstTokenFit(p.probs, q.probs, 'resample-from-p').pValue).toBeLessThan(0.001);
  }, 120_000);
});

// SwiftShader compiles each backend's kernels afresh (ten seconds and more on two busy cores) and runs one forward of
// even the smallest model in a tenth of a second or more, so these tests keep to two backends of the smallest models
// that keep the point, made and compiled once for both tests and destroyed after them (later files' fresh devices
// hung behind devices left alive): the target has the CPU test's draft shape (one layer, two query heads on one
// key/value head), the unrelated draft the same shape with other weights (seed 3: at temperature 1 its first step
// takes the bonus and the later ones resample, so both rollbacks come within a few tokens), and the target's own
// runner drafts for itself, as a second sequence in its cache. Each test gives them fresh caches. Fresh prefills go
// 8 tokens a forward, on the kernels a verification of 5 tokens has compiled already.
describe('speculative decoding of synthetic models on WebGPU', () => {
  let device: GPUDevice | undefined;
  const backends: GpuBackend[] = [];
  /** The target (0) or the unrelated draft (1), over a fresh cache. */
  const runner = (i: number) => new ModelRunner(backends[i]!, new PagedKvCache(shape), DRAFT_CONFIG);

  beforeAll(async () => {
    const ctx = await acquireGpu();
    device = ctx.device;
    for (const [i, seed] of [1, 3].entries()) {
      backends.push(await GpuBackend.create(ctx, DRAFT_CONFIG, { kind: 'synthetic', seed }, shape));
      // Compile now the kernels of the row counts the tests run: 5 (the prompt, a verification), 1 and 2.
      const warm = runner(i);
      const seq = warm.create();
      for (const n of [5, 1, 2])
        await warm.forward([{ seq, tokens: new Array<number>(n).fill(0), logits: 'last' }]);
    }
  }, 120_000);

  afterAll(() => {
    for (const backend of backends) backend.destroy();
    device?.destroy();
  });

  it('reproduces greedy decoding of the target over 10 tokens (200 on the CPU), with an unrelated draft or the target itself', async () => {
    const target = runner(0);
    await expectGreedyEqualsTarget(target, { unrelated: runner(1), self: target }, 10);
  }, 120_000);

  it('verifies against caches equal to a fresh prefill of the accepted text, at every step (16 tokens, 60 on the CPU)', async () => {
    await expectStepsMatchFreshPrefill(runner(1), runner(0), 16, 8);
  }, 120_000);
});
