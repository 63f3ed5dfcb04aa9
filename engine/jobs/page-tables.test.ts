import { describe, expect, it } from 'vitest';
import { createSession } from '../create-session';
import { TEST_CONFIG } from '../model/synthetic-configs';
import type { PageSnapshot } from '../serve/page-trace';
import { pageTablesJob } from './page-tables';

const session = await createSession({
  model: { kind: 'synthetic', config: TEST_CONFIG, seed: 1 },
  shape: { numBlocks: 32, blockSize: 4, maxTokens: 64, maxLogitRows: 4 },
  backend: 'cpu',
});

describe('the page-tables job', () => {
  it('streams every operation, names the system prompt, returns each text and leaves the pool as it found it', async () => {
    const snapshots: PageSnapshot[] = [];
    const system = 'You answer in one sentence.';
    const result = await pageTablesJob.run(
      session,
      { system, questions: [' Why?', ' How?'], samples: 2, steps: 3, temperature: 1, seed: 3 },
      (u) => u.partial && snapshots.push(u.partial),
      new AbortController().signal,
    );
    expect(snapshots.map((s) => s.operation)).toEqual([
      'lookup',
      'step',
      'lookup',
      'step',
      'fork',
      'step',
      'step',
      'step',
      'free',
    ]);
    expect(result.systemTokens).toBe(session.tokenizer.encode(system).length);
    expect(result.generated.map((g) => g.name)).toEqual(['A', 'B1', 'B2']);
    expect(result.generated.every((g) => g.text.length > 0)).toBe(true);
    expect(session.runner.cache.pool.freeCount).toBe(32);
    expect(session.runner.cache.prefixCaching).toBe(false);
  });

  it('stops at the next operation when cancelled, freeing what it held', async () => {
    const controller = new AbortController();
    const run = pageTablesJob.run(
      session,
      { system: 'Be brief.', questions: [' One.', ' Two.'], samples: 3, steps: 6, temperature: 1, seed: 1 },
      (u) => u.partial?.operation === 'fork' && controller.abort(),
      controller.signal,
    );
    await expect(run).rejects.toThrow();
    expect(session.runner.cache.pool.freeCount).toBe(32);
  });
});
