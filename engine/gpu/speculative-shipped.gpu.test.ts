// Exactness on the shipped pair with both models on WebGPU, loaded as the site loads them: the first token of 20,000
// seeded speculative steps at one fixed context fits the target's distribution by χ² at α = 0.001, and a wrong
// resampling rule fails (engine/serve/speculative-shipped.test.ts does the same on the CPU).
import { describe, expect, it } from 'vitest';
import { createSession } from '../create-session';
import { softmaxAt } from '../serve/divergence';
import { FIT_PROMPT, firstTokenFit } from '../testing/speculative-fit';

async function lastRow(id: string): Promise<{ probs: Float64Array; backend: string }> {
  const { runner, tokenizer, info } = await createSession({
    model: { kind: 'url', base: `/models/${id}` },
    shape: { numBlocks: 4, blockSize: 16, maxTokens: 64, maxLogitRows: 1 },
    backend: 'auto',
  });
  const [logits] = await runner.forward([
    { seq: runner.create(), tokens: tokenizer.encode(FIT_PROMPT), logits: 'last' },
  ]);
  return { probs: softmaxAt(logits!, 1), backend: info.backend };
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
