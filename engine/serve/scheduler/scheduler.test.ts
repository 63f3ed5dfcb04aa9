import { describe, expect, it } from 'vitest';
import { Random } from '../../model/random';
import { FakeExecutor, servedAlone } from '../../testing/fake-executor';
import { requestStream, type ServeRequest } from './request-stream';
import { serve, type Executor, type SchedulerOptions, type StepRecord } from './scheduler';
import { kvWaste, stepWaste } from './kv-waste';
import { serveMetrics } from './serve-metrics';

const source = Array.from({ length: 400 }, (_, i) => (i * 7) % 250);
const stream = (seed: number, requests = 24, rate = 40): ServeRequest[] =>
  requestStream({
    seed,
    requests,
    rate,
    promptTokens: { kind: 'uniform', min: 3, max: 40 },
    outputTokens: { kind: 'uniform', min: 1, max: 30 },
    source,
  });
const options: SchedulerOptions = {
  policy: 'continuous',
  slots: 4,
  numBlocks: 64,
  blockSize: 8,
  tokenBudget: 64,
  chunkedPrefill: false,
  staticTimeout: 0.05,
};

/** The executor, and each sequence's length after every step: the tokens each request has written, counted apart. */
function recording(executor: FakeExecutor) {
  const written: Map<number, number>[] = [];
  const recorder: Executor = {
    step: async (items) => {
      const result = await executor.step(items);
      written.push(new Map([...executor.sequences].map(([id, history]) => [id, history.length])));
      return result;
    },
    release: (request) => executor.release(request),
  };
  return { recorder, written };
}

/**
 * Each step's memory map against the step's totals and what the executor's sequences hold after it: every request
 * with a sequence owns memory and has written its sequence's length, within what it owns; the owners' memory adds up
 * to what is held and their tokens to what is used; and no token of memory belongs to two requests.
 */
function expectMapsAgree(
  steps: readonly StepRecord[],
  written: readonly Map<number, number>[],
  blockSize: number,
) {
  expect(steps).toHaveLength(written.length);
  steps.forEach(({ kv }, i) => {
    const spans = kv.owners.flatMap((owner) =>
      'blocks' in owner
        ? owner.blocks.map((block) => [block * blockSize, (block + 1) * blockSize] as const)
        : [[owner.start, owner.start + owner.length] as const],
    );
    const owned = (request: number) =>
      kv.owners
        .filter((o) => o.request === request)
        .reduce((s, o) => s + ('blocks' in o ? o.blocks.length * blockSize : o.length), 0);
    expect(new Map(kv.owners.map((o) => [o.request, o.written])), `step ${i}`).toEqual(written[i]);
    for (const o of kv.owners) expect(o.written).toBeLessThanOrEqual(owned(o.request));
    expect(spans.reduce((s, [a, b]) => s + b - a, 0)).toBe(kv.held);
    expect(kv.owners.reduce((s, o) => s + o.written, 0)).toBe(kv.used);
    spans.sort(([a], [b]) => a - b);
    spans.forEach(([a, b], j) => {
      expect(Number.isInteger(a) && a >= 0 && b <= kv.capacity).toBe(true);
      expect(a).toBeGreaterThanOrEqual(spans[j - 1]?.[1] ?? 0);
    });
  });
}

/** Serve `requests` and check what every policy must: each request's tokens as if served alone, blocks counted right. */
async function served(requests: ServeRequest[], asked: Partial<SchedulerOptions>) {
  const o = { ...options, ...asked };
  const executor = new FakeExecutor(o.blockSize);
  const { recorder, written } = recording(executor);
  const result = await serve(requests, recorder, o);
  expect(result.requests.map((r) => r.id)).toEqual(requests.map((r) => r.id).sort((a, b) => a - b));
  for (const r of result.requests) {
    const asked = requests.find((q) => q.id === r.id)!;
    expect(r.tokens).toEqual(servedAlone(asked.prompt, asked.maxNewTokens));
    expect(r.firstTokenAt).toBeGreaterThan(r.arrival);
    expect(r.finishedAt).toBeGreaterThanOrEqual(r.firstTokenAt);
  }
  // The scheduler's blocks are what the live sequences hold, never more than the pool, and its map places them.
  expect(result.steps.map((s) => s.kv.held / o.blockSize)).toEqual(executor.blocksAfterStep);
  expectMapsAgree(result.steps, written, o.blockSize);
  for (const step of result.steps) {
    expect(step.kv.held).toBeLessThanOrEqual(o.numBlocks * o.blockSize);
    expect(step.occupied).toBeLessThanOrEqual(o.slots);
    expect(step.items.reduce((s, i) => s + i.tokens, 0) <= o.tokenBudget || step.items.length === 1).toBe(
      true,
    );
  }
  // Slots: as many as asked, the occupied ones holding the requests that work, each request in one slot while it runs.
  const slotsOf = new Map<number, Set<number>>();
  for (const step of result.steps) {
    expect(step.slots).toHaveLength(o.slots);
    expect(step.slots.filter((id) => id !== null)).toHaveLength(step.occupied);
    for (const item of step.items) expect(step.slots).toContain(item.request);
    step.slots.forEach(
      (id, slot) => id !== null && slotsOf.set(id, (slotsOf.get(id) ?? new Set()).add(slot)),
    );
  }
  for (const [id, held] of slotsOf)
    if (!result.preempted.includes(id)) expect(held.size, `request ${id}'s slots`).toBe(1);
  // Every sequence was released in the end.
  expect(executor.sequences.size).toBe(0);
  return result;
}

describe('serve', () => {
  it('gives every request exactly its tokens, as served alone, under both policies and chunked prefill', async () => {
    for (const seed of [1, 2, 3]) {
      const requests = stream(seed);
      await served(requests, { policy: 'continuous' });
      await served(requests, { policy: 'static' });
      await served(requests, { policy: 'continuous', chunkedPrefill: true, tokenBudget: 16 });
    }
  });

  it('preempts when the pool runs out, recomputes, and still produces every token once and in order', async () => {
    const requests = stream(5, 30, 200);
    const { preempted, requests: records } = await served(requests, { numBlocks: 12, slots: 6 });
    expect(preempted.length).toBeGreaterThan(0);
    expect(records.reduce((s, r) => s + r.preemptions, 0)).toBe(preempted.length);
    await served(requests, { numBlocks: 12, slots: 6, policy: 'static' });
  });

  it('keeps a static batch together until its longest request ends, and lets continuous batching refill', async () => {
    const requests = stream(7, 40, 100);
    const still = await served(requests, { policy: 'static' });
    const moving = await served(requests, { policy: 'continuous' });
    // Static: the batch's slots stay occupied by finished requests, so fewer are working than are held.
    expect(still.steps.some((s) => s.items.length < s.occupied)).toBe(true);
    expect(moving.steps.every((s) => s.items.length === s.occupied)).toBe(true);
    const [a, b] = [serveMetrics(still, options.slots), serveMetrics(moving, options.slots)];
    expect(b.utilisation).toBeGreaterThan(a.utilisation);
    expect(b.throughput).toBeGreaterThan(a.throughput);
    expect(b.latency.p50).toBeLessThan(a.latency.p50);
  });

  it('fills a static batch over several steps when the token budget holds fewer prompts than slots', async () => {
    const requests = requestStream({
      seed: 3,
      requests: 8,
      rate: Infinity,
      promptTokens: { kind: 'uniform', min: 10, max: 14 },
      outputTokens: { kind: 'fixed', tokens: 20 },
      source,
    });
    const { steps } = await served(requests, { policy: 'static', tokenBudget: 16 });
    // One prompt per step fits the budget; the batch still takes all four slots before its first request ends.
    expect(steps[0]!.items).toHaveLength(1);
    expect(Math.max(...steps.slice(0, 4).map((s) => s.occupied))).toBe(options.slots);
    // Two batches of four: the second joins only when the whole first batch has ended.
    const first = (ids: number[]) => steps.findIndex((s) => s.slots.some((id) => ids.includes(id!)));
    const last = (ids: number[]) => steps.findLastIndex((s) => s.items.some((i) => ids.includes(i.request)));
    expect(first([4, 5, 6, 7])).toBe(last([0, 1, 2, 3]) + 1);
  });

  it('serves from contiguous reservations too, reporting the memory they hold and waste against the paged pool', async () => {
    const requests = stream(9, 30, 200);
    const small = { numBlocks: 16, slots: 6 };
    const paged = await served(requests, small);
    const { recorder, written } = recording(new FakeExecutor(options.blockSize));
    const contiguous = await serve(requests, recorder, { ...options, ...small, reservation: 'contiguous' });
    expectMapsAgree(contiguous.steps, written, options.blockSize);
    for (const r of contiguous.requests) {
      const asked = requests.find((q) => q.id === r.id)!;
      expect(r.tokens).toEqual(servedAlone(asked.prompt, asked.maxNewTokens));
    }
    // Reserved up front, nothing is ever preempted. Recomputed from the stream and the log: each step holds every
    // slotted request's whole reservation, and uses the tokens fed to it so far.
    expect(contiguous.preempted).toEqual([]);
    const longest = new Map(requests.map((r) => [r.id, r.prompt.length + r.maxNewTokens]));
    const fed = new Map<number, number>();
    for (const step of contiguous.steps) {
      for (const item of step.items) fed.set(item.request, (fed.get(item.request) ?? 0) + item.tokens);
      const slotted = step.slots.filter((id): id is number => id !== null);
      expect(step.kv.held).toBe(slotted.reduce((s, id) => s + longest.get(id)!, 0));
      expect(step.kv.used).toBe(slotted.reduce((s, id) => s + fed.get(id)!, 0));
      expect(step.kv.held).toBeLessThanOrEqual(step.kv.capacity);
    }
    // Paged, a running sequence wastes less than a block.
    for (const step of paged.steps) {
      expect(stepWaste(step).internal).toBeGreaterThanOrEqual(0);
      expect(stepWaste(step).internal).toBeLessThan(options.blockSize * Math.max(1, step.occupied));
      expect(stepWaste(step).external).toBe(0);
    }
    const [p, c] = [kvWaste(paged.steps), kvWaste(contiguous.steps)];
    expect(c.internal).toBeGreaterThan(p.internal);
    expect(c.external).toBeGreaterThan(0);
    expect(c.largestBatch).toBeLessThan(p.largestBatch);
  });

  it('reports metrics that the per-step log and the records reproduce', async () => {
    const result = await served(stream(11), {});
    const metrics = serveMetrics(result, options.slots);
    const busy = result.steps.reduce((s, step) => s + step.seconds, 0);
    const working = result.steps.reduce((s, step) => s + step.seconds * step.items.length, 0);
    expect(metrics.utilisation).toBeCloseTo(working / (options.slots * busy), 12);
    const tokens = result.requests.reduce((s, r) => s + r.tokens.length, 0);
    const decoded = result.steps.reduce(
      (s, step) => s + step.items.filter((i) => i.phase === 'decode').length,
      0,
    );
    // Each request's first token comes from its prefill; every later one from a decode (no preemption here).
    expect(result.preempted).toEqual([]);
    expect(decoded).toBe(tokens - result.requests.length);
    expect(metrics.throughput).toBeCloseTo(tokens / metrics.makespan, 12);
    // Steps never overlap and the clock only moves forward.
    result.steps.slice(1).forEach((step, i) => {
      const before = result.steps[i]!;
      expect(step.start).toBeGreaterThanOrEqual(before.start + before.seconds - 1e-12);
    });
  });

  it('holds for random streams, slots, pools, budgets and policies', async () => {
    const rng = new Random(2024);
    for (let trial = 0; trial < 40; trial++) {
      const blockSize = [4, 8, 16][rng.int(3)]!;
      await served(stream(100 + trial, 5 + rng.int(20), [5, 50, 500, Infinity][rng.int(4)]!), {
        policy: rng.next() < 0.5 ? 'static' : 'continuous',
        slots: 1 + rng.int(8),
        blockSize,
        // Enough for the longest request (70 tokens), and sometimes little more.
        numBlocks: Math.ceil(70 / blockSize) + rng.int(20),
        tokenBudget: 8 + rng.int(80),
        chunkedPrefill: rng.next() < 0.5,
      });
    }
  });

  it('refuses a request longer than the whole pool, naming the sizes', async () => {
    const [long] = stream(1, 1);
    await expect(
      serve([{ ...long!, maxNewTokens: 1000 }], new FakeExecutor(8), { ...options, numBlocks: 4 }),
    ).rejects.toThrow(/needs more than the pool's 4 blocks/);
  });
});
