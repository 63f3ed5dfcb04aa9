import { describe, expect, it } from 'vitest';
import { speculativeOnCpu } from '../testing/shipped-target';
import type { PayoffResult } from './speculative-payoff';
import { speculativePayoff } from './speculative-payoff';

const session = await speculativeOnCpu();
const prompt = 'She had been in love with him for a long time, and she';
const request = { prompt, draftTokens: [1, 3], tokens: 16, temperature: 0, seed: 1 };

describe('the speculative-payoff job', () => {
  it('times both models alone, then each K, with tokens per verification and α from the same steps', async () => {
    const partials: PayoffResult[] = [];
    const result = await speculativePayoff(
      session,
      request,
      (u) => u.partial && partials.push(u.partial),
      new AbortController().signal,
    );
    for (const plain of [result.target!, result.draft!]) {
      expect(plain.stepSeconds).toBeGreaterThan(0);
      expect(plain.tokensPerSecond).toBeCloseTo(1 / plain.stepSeconds, 9);
    }
    expect(result.points.map((p) => p.draftTokens)).toEqual([1, 3]);
    for (const point of result.points) {
      expect(point.emitted).toBeGreaterThanOrEqual(16);
      expect(point.tokensPerStep).toBeCloseTo(point.emitted / point.steps, 12);
      expect(point.tokensPerStep).toBeLessThanOrEqual(point.draftTokens + 1);
      // Greedy: each position's overlap is 1 where both models' top token agree and 0 elsewhere.
      expect(point.alpha).toBeGreaterThan(0);
      expect(point.alpha).toBeLessThan(1);
      expect(point.verifySeconds).toBeGreaterThan(0);
      expect(point.draftForwardSeconds).toBeGreaterThan(0);
    }
    expect(partials.at(-1)!.points).toHaveLength(1);
    for (const runner of [session.runner, session.draftRunner!]) expect(runner.cache.pool.usedCount).toBe(0);
  }, 60_000);

  it('keeps what it measured when cancelled', async () => {
    const controller = new AbortController();
    const result = await speculativePayoff(
      session,
      request,
      (u) => {
        if (u.partial?.target) controller.abort();
      },
      controller.signal,
    );
    expect(result.target).toBeDefined();
    expect(result.points).toHaveLength(0);
  }, 60_000);
});
