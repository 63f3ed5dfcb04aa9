import { describe, expect, it } from 'vitest';
import { createSession } from '../create-session';
import { TEST_CONFIG } from '../model/synthetic-configs';
import type { StepRecord } from '../serve/scheduler/scheduler';
import { serveStreamJob, type ServeStreamRequest } from './serve-stream';

const session = await createSession({
  model: { kind: 'synthetic', config: TEST_CONFIG, seed: 1 },
  shape: { numBlocks: 24, blockSize: 8, maxTokens: 64, maxLogitRows: 4 },
  backend: 'cpu',
});
const request: ServeStreamRequest = {
  text: 'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.',
  stream: {
    seed: 2,
    requests: 6,
    rate: 100,
    promptTokens: { kind: 'uniform', min: 4, max: 16 },
    outputTokens: { kind: 'uniform', min: 2, max: 12 },
  },
  scheduler: { policy: 'continuous', slots: 4, tokenBudget: 48, chunkedPrefill: false, staticTimeout: 0 },
};

describe('the serve-stream job', () => {
  it("streams each step, returns every request's text and the metrics, and leaves the pool empty", async () => {
    const streamed: StepRecord[] = [];
    const result = await serveStreamJob.run(
      session,
      request,
      (u) => u.partial && streamed.push(u.partial),
      new AbortController().signal,
    );
    expect(streamed).toEqual(result.steps);
    expect(result.requests).toHaveLength(6);
    expect(result.texts).toHaveLength(6);
    for (const [i, r] of result.requests.entries()) {
      expect(result.texts[i]!.prompt.length).toBeGreaterThan(0);
      expect(session.tokenizer.decode(r.tokens)).toBe(result.texts[i]!.output);
    }
    expect(result.metrics.throughput).toBeGreaterThan(0);
    expect(result.steps.every((s) => s.blocksInUse <= 24)).toBe(true);
    expect(session.runner.cache.pool.usedCount).toBe(0);
  });

  it('stops when cancelled and frees every sequence', async () => {
    const controller = new AbortController();
    const run = serveStreamJob.run(session, request, () => controller.abort(), controller.signal);
    await expect(run).rejects.toThrow();
    expect(session.runner.cache.pool.usedCount).toBe(0);
  });
});
