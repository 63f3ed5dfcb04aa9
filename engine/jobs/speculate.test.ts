import { describe, expect, it } from 'vitest';
import { generate } from '../serve/generate';
import type { StepView } from '../serve/speculative-view';
import { speculativeOnCpu } from '../testing/shipped-target';
import { speculateJob } from './speculate';

const session = await speculativeOnCpu();
const prompt = 'It was the best of times, it was the worst of times, it was the';

async function speculate(
  request: Partial<Parameters<typeof speculateJob.run>[1]>,
  signal = new AbortController().signal,
) {
  const steps: StepView[] = [];
  const full = { prompt, draftTokens: 4, temperature: 0, seed: 1, maxTokens: 24, ...request };
  const result = await speculateJob.run(session, full, (u) => u.partial && steps.push(u.partial), signal);
  return { steps, result };
}

const emitted = (step: StepView) => [
  ...step.drafted.filter((d) => d.accepted).map((d) => d.token),
  step.final.token,
];

describe('the speculate job on the shipped draft and target', () => {
  it('streams steps whose greedy output is the target greedy, and leaves both caches empty', async () => {
    const { steps, result } = await speculate({});
    const ids = session.tokenizer.encode(prompt);
    const plain: number[] = [];
    for await (const t of generate(session.runner, ids, { maxTokens: 24, temperature: 0, seed: 1 }))
      plain.push(t.token);
    const tokens = steps.flatMap(emitted);
    expect(tokens.slice(0, 24)).toEqual(plain);
    expect(result).toEqual({
      promptTokens: ids.length,
      tokensRead: ids.length,
      steps: steps.length,
      emitted: tokens.length,
      cancelled: false,
    });
    for (const runner of [session.runner, session.draftRunner!]) expect(runner.cache.pool.usedCount).toBe(0);
  });

  it('describes each examined position with bars that hold the drafted token and what was resampled', async () => {
    const { steps } = await speculate({ temperature: 1, seed: 7 });
    const rejected = steps.find((s) => s.final.kind === 'resampled')!;
    const bonus = steps.find((s) => s.final.kind === 'bonus')!;
    for (const step of steps) {
      expect(step.overlap).toHaveLength(4);
      for (const o of step.overlap) (expect(o).toBeGreaterThan(0), expect(o).toBeLessThanOrEqual(1 + 1e-9));
      step.drafted.forEach((fate, i) => {
        const bar = step.positions[i]!.bars.find((b) => b.token === fate.token)!;
        expect(bar).toMatchObject({ p: fate.p, q: fate.q, text: session.tokenizer.decode([fate.token]) });
        expect(step.positions[i]!.restP).toBeGreaterThanOrEqual(0);
      });
    }
    const last = rejected.positions.at(-1)!;
    const resampled = last.bars.find((b) => b.token === rejected.final.token)!;
    expect(resampled.residual).toBeGreaterThan(0);
    // The residual is max(p − q, 0) normalised: zero wherever the draft had the larger share.
    for (const bar of last.bars) if (bar.q >= bar.p) expect(bar.residual).toBe(0);
    // After K = 4 accepts, the bonus position has bars too (p only).
    expect(bonus.positions).toHaveLength(5);
    expect(bonus.positions[4]!.bars.every((bar) => bar.q === 0)).toBe(true);
  }, 30_000);

  it('replays the same steps from the same seed, and stops when cancelled', async () => {
    const [a, b] = [
      await speculate({ temperature: 1, seed: 3 }),
      await speculate({ temperature: 1, seed: 3 }),
    ];
    expect(b.steps.flatMap(emitted)).toEqual(a.steps.flatMap(emitted));
    const controller = new AbortController();
    controller.abort();
    const { result } = await speculate({}, controller.signal);
    expect(result.cancelled).toBe(true);
    expect(session.runner.cache.pool.usedCount).toBe(0);
  }, 30_000);

  it('says a session without a draft cannot speculate', async () => {
    const { draftRunner: _, ...alone } = session;
    await expect(
      speculateJob.run(
        alone,
        { prompt, draftTokens: 2, temperature: 0, seed: 1, maxTokens: 4 },
        () => {},
        new AbortController().signal,
      ),
    ).rejects.toThrow('Speculative decoding needs a session loaded with a draft model.');
  });
});
