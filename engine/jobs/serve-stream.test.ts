import { describe, expect, it } from 'vitest';
import { createSession } from '../create-session';
import { requestStream } from '../serve/scheduler/request-stream';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { serveStreamJob, type ServeStreamRequest, type ServeStreamStep } from './serve-stream';

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
    rate: Infinity,
    promptTokens: { kind: 'uniform', min: 4, max: 16 },
    outputTokens: { kind: 'uniform', min: 2, max: 12 },
  },
  scheduler: { slots: 4, tokenBudget: 48, chunkedPrefill: false, staticTimeout: 0 },
  runs: [
    { policy: 'static', reservation: 'paged' },
    { policy: 'continuous', reservation: 'paged' },
  ],
};

describe('the serve-stream job', () => {
  it("serves the same stream under each policy, streams each step, returns every request's text and the metrics, and leaves the pool empty", async () => {
    const streamed: ServeStreamStep[] = [];
    const result = await serveStreamJob.run(
      session,
      request,
      (u) => u.partial && streamed.push(u.partial),
      new AbortController().signal,
    );
    expect(result.runs.map((r) => [r.policy, r.reservation])).toEqual([
      ['static', 'paged'],
      ['continuous', 'paged'],
    ]);
    // The warm-up is not streamed: what was streamed is each run's steps, in order.
    expect(streamed).toEqual(
      result.runs.flatMap((r) =>
        r.steps.map((step) => ({ policy: r.policy, reservation: r.reservation, step })),
      ),
    );
    const [still, moving] = result.runs;
    // Static holds a finished request's slot idle until its batch ends; continuous never does.
    expect(still!.steps.some((s) => s.items.length < s.occupied)).toBe(true);
    expect(moving!.steps.every((s) => s.items.length === s.occupied)).toBe(true);
    expect(result.texts).toHaveLength(6);
    for (const run of result.runs) {
      expect(run.requests).toHaveLength(6);
      expect(run.metrics.throughput).toBeGreaterThan(0);
      expect(run.steps.every((s) => s.kv.held <= 24 * 8)).toBe(true);
      // Greedy: each request's tokens are the same under both policies, and the texts are theirs.
      for (const [i, r] of run.requests.entries()) {
        expect(result.texts[i]!.prompt.length).toBeGreaterThan(0);
        expect(session.tokenizer.decode(r.tokens)).toBe(result.texts[i]!.output);
      }
    }
    expect(session.runner.cache.pool.usedCount).toBe(0);
  });

  it('serves the same stream contiguous and paged in one call, each step mapping the memory of its own allocator', async () => {
    const streamed: ServeStreamStep[] = [];
    const result = await serveStreamJob.run(
      session,
      {
        ...request,
        runs: [
          { policy: 'continuous', reservation: 'contiguous' },
          { policy: 'continuous', reservation: 'paged' },
        ],
      },
      (u) => u.partial && streamed.push(u.partial),
      new AbortController().signal,
    );
    const [contiguous, paged] = result.runs;
    expect(streamed.map((s) => s.reservation)).toEqual([
      ...contiguous!.steps.map(() => 'contiguous'),
      ...paged!.steps.map(() => 'paged'),
    ]);
    // Contiguous reserves each request's prompt and every token it may generate; paged holds whole blocks of 8.
    const stream = requestStream({ ...request.stream, source: session.tokenizer.encode(request.text) });
    const longest = new Map(stream.map((r) => [r.id, r.prompt.length + r.maxNewTokens]));
    for (const step of contiguous!.steps)
      for (const owner of step.kv.owners) expect(owner).toMatchObject({ length: longest.get(owner.request) });
    for (const step of paged!.steps)
      for (const owner of step.kv.owners)
        expect('blocks' in owner && owner.blocks.length).toBe(Math.ceil(owner.written / 8));
    for (const step of [...contiguous!.steps, ...paged!.steps])
      expect(step.kv.owners.reduce((s, o) => s + o.written, 0)).toBe(step.kv.used);
    expect(contiguous!.requests.map((r) => r.tokens)).toEqual(paged!.requests.map((r) => r.tokens));
    expect(session.runner.cache.pool.usedCount).toBe(0);
  });

  it('stops when cancelled and frees every sequence', async () => {
    const controller = new AbortController();
    const run = serveStreamJob.run(session, request, () => controller.abort(), controller.signal);
    await expect(run).rejects.toThrow();
    expect(session.runner.cache.pool.usedCount).toBe(0);
  });
});
