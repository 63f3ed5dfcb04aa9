// The page-table trace on a CPU runner with synthetic weights: the later request shares the system prompt's blocks,
// the samples share every block until their first write copies the shared last block, and each sequence generates
// exactly what it generates alone with the same random draws.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/forward';
import { PagedKvCache } from '../kv/paged-kv-cache';
import { syntheticWeights } from '../model/synthetic';
import { TEST_CONFIG } from '../model/synthetic-configs';
import { ModelRunner } from '../model-runner';
import { generate } from './generate';
import { tracePages, type PageSnapshot, type PageTraceRequest } from './page-trace';

const shape = { numBlocks: 32, blockSize: 4, maxTokens: 16, maxLogitRows: 4 };
const request: PageTraceRequest = {
  system: [7, 3, 9, 12, 5, 1, 8, 2, 6, 4],
  questions: [
    [20, 21],
    [30, 31, 32],
  ],
  samples: 3,
  steps: 4,
  temperature: 1.5,
  seed: 5,
};

async function alone(runner: ModelRunner, prompt: number[], seed: number, maxTokens: number) {
  const tokens: number[] = [];
  for await (const t of generate(runner, prompt, { temperature: request.temperature, seed, maxTokens }))
    tokens.push(t.token);
  return tokens;
}

describe('tracePages', () => {
  it('shares the prefix and every sampled block until copy-on-write, generating what each sequence would alone', async () => {
    const runner = new ModelRunner(
      new CpuBackend(TEST_CONFIG, syntheticWeights(TEST_CONFIG, 2), shape),
      new PagedKvCache(shape),
      TEST_CONFIG,
    );
    const snapshots: PageSnapshot[] = [];
    const { generated, blockSize } = await tracePages(runner, request, (s) => void snapshots.push(s));
    expect(blockSize).toBe(4);
    expect(snapshots.map((s) => s.operation)).toEqual([
      'lookup',
      'step',
      'lookup',
      'step',
      'fork',
      'step',
      'step',
      'step',
      'step',
      'free',
    ]);
    const kinds = (s: PageSnapshot) => s.events.map((e) => e.kind);
    expect(kinds(snapshots[0]!)).toEqual([]);
    expect(kinds(snapshots[1]!)).toEqual(['allocate', 'allocate', 'allocate']);
    // B finds the system prompt's two full blocks, which A holds.
    expect(snapshots[2]!.events).toEqual([
      { kind: 'share', block: snapshots[1]!.sequences[0]!.table[0], sequence: 'B' },
      { kind: 'share', block: snapshots[1]!.sequences[0]!.table[1], sequence: 'B' },
    ]);
    // Two forks share all four of B's blocks; the first decode copies the shared last block for two of the three.
    expect(kinds(snapshots[4]!)).toEqual(Array(8).fill('share'));
    expect(snapshots[4]!.sequences.map((s) => s.name)).toEqual(['A', 'B1', 'B2', 'B3']);
    const copies = snapshots[5]!.events.filter((e) => e.kind === 'copy');
    expect(copies.map((e) => e.sequence)).toEqual(['B1', 'B2']);
    expect(new Set(copies.map((e) => (e.kind === 'copy' ? e.src : -1)))).toEqual(
      new Set([snapshots[4]!.sequences[1]!.table[3]]),
    );
    // A finishes, 16 tokens in four full blocks: the first two are still the samples', the other two stay cached.
    const released = snapshots[9]!.events;
    expect(released.map((e) => e.kind === 'release' && e.sequence === 'A' && e.cached)).toEqual([
      false,
      false,
      true,
      true,
    ]);

    const [a, b1, b2, b3] = generated;
    expect(generated.map((g) => g.name)).toEqual(['A', 'B1', 'B2', 'B3']);
    const named = (g: (typeof generated)[number]) =>
      snapshots.some((s) => s.sequences.some((q) => q.seq === g.seq && q.name === g.name));
    expect(generated.every(named)).toBe(true);
    const promptA = [...request.system, ...request.questions[0]!];
    const promptB = [...request.system, ...request.questions[1]!];
    expect(a!.tokens).toEqual(await alone(runner, promptA, request.seed, request.steps + 1));
    expect(b1!.tokens).toEqual(await alone(runner, promptB, request.seed + 1, request.steps + 1));
    const first = b1!.tokens[0]!;
    for (const [j, sampled] of [b2!, b3!].entries()) {
      const rest = await alone(runner, [...promptB, first], request.seed + 1000 * (j + 1), request.steps);
      expect(sampled.tokens).toEqual([first, ...rest]);
    }
    // The samples did go their own ways, and everything went back to the pool.
    expect(new Set([b1, b2, b3].map((s) => s!.tokens.join())).size).toBe(3);
    expect(runner.cache.pool.freeCount).toBe(shape.numBlocks);
    expect(runner.cache.pool.cached()).toEqual([]);
  });
});
