import { describe, expect, it } from 'vitest';
import { createSession } from '../create-session';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { prefixShareJob, type PrefixShareServed } from './prefix-share';

const session = await createSession({
  model: { kind: 'synthetic', config: TEST_CONFIG, seed: 1 },
  shape: { numBlocks: 160, blockSize: 4, maxTokens: 128, maxLogitRows: 1 },
  backend: 'cpu',
});

describe('the prefix-share job', () => {
  it('serves the requests without and then with the prefix cache, the later ones computing only their tails', async () => {
    const streamed: PrefixShareServed[] = [];
    const system = 'You are a careful reader of novels. Answer in one short sentence.';
    const result = await prefixShareJob.run(
      session,
      { system, questions: [' Who is Emma?', ' In which town?', ' Name her sister.'], newTokens: 3 },
      (u) => u.partial && streamed.push(u.partial),
      new AbortController().signal,
    );
    const [off, on] = result.runs;
    expect(streamed.map((s) => [s.prefixCaching, s.index])).toEqual([
      [false, 0],
      [false, 1],
      [false, 2],
      [true, 0],
      [true, 1],
      [true, 2],
    ]);
    expect(off!.served.map((s) => s.cached)).toEqual([0, 0, 0]);
    const whole = Math.floor(result.systemTokens / result.blockSize) * result.blockSize;
    expect(on!.served.map((s) => s.cached)).toEqual([0, whole, whole]);
    expect(on!.served.map((s) => s.tokens)).toEqual(off!.served.map((s) => s.tokens));
    expect(on!.served.map((s) => s.computed)).toEqual(
      result.promptTokens.map((n, i) => (i === 0 ? n : n - whole)),
    );
    expect(on!.blocksHeld).toBeLessThan(off!.blocksHeld);
    expect(session.runner.cache.pool.freeCount).toBe(160);
  });
});
