/**
 * Serving a stream of requests, one forward step at a time (Yu et al. 2022, Orca, iteration-level scheduling; Kwon
 * et al. 2023, vLLM, admission and preemption by KV blocks). Each step the scheduler picks what runs: every running
 * request's next token (a decode), and prompt tokens of requests being prefilled, within a token budget per step.
 * Two policies:
 * - static: a batch is admitted when enough requests wait (or the first has waited long enough, or no more will
 *   come) and runs until its last request finishes; a finished request's slot idles until then (its blocks are
 *   freed at once);
 * - continuous: after every step finished requests leave and waiting ones join, while slots and blocks allow.
 * A request is admitted only if the KV blocks its next step writes are free. When a running request needs a block
 * and none is free, the request admitted last is preempted: its blocks are freed and it goes back to the head of the
 * queue, to recompute its prompt and what it had generated (vLLM's recompute). Waiting requests are served first come
 * first served, a preempted one before any that arrived after it, so none starves.
 * The scheduler keeps its own count of the KV memory (kv-memory.ts), sized like the executor's paged cache: paged
 * blocks by default, or one contiguous reservation per request of its longest length, to measure what paging saves;
 * each step records where every request's memory lies, a map small enough to send from the worker step by step.
 * The executor does the forward steps (the engine's model runner, or a cost model) and says how long each took, which
 * moves the clock.
 */
import { ContiguousMemory, PagedMemory, type KvMemory, type KvPlace, type Reservation } from './kv-memory';
import type { ServeRequest } from './request-stream';

export interface SchedulerOptions {
  policy: 'static' | 'continuous';
  /** Requests running at once: the batch's slots. */
  slots: number;
  /** The KV cache: blocks, and tokens per block. */
  numBlocks: number;
  blockSize: number;
  /** Tokens one step processes at most, decodes included. */
  tokenBudget: number;
  /** Split a prompt that does not fit the step's remaining budget over several steps. */
  chunkedPrefill: boolean;
  /** Static batching: seconds the first waiting request may wait before a batch smaller than the slots starts. */
  staticTimeout: number;
  /** How the KV memory is handed out (kv-memory.ts): block by block (the default), or one reservation per request. */
  reservation?: Reservation;
}

/** One request's part of a step: the tokens it feeds, and whether a next token is sampled after them. */
export interface StepItem {
  request: number;
  tokens: number[];
  sample: boolean;
  /** Its first tokens since admission: the executor starts a new sequence (after a preemption, from scratch). */
  fresh: boolean;
}

export interface Executor {
  /** Run one forward step over `items`; the seconds it took and the token sampled for each item that asked. */
  step(items: readonly StepItem[]): Promise<{ seconds: number; tokens: ReadonlyMap<number, number> }>;
  /** Forget a request's sequence (it finished, or was preempted). */
  release(request: number): void;
}

export interface StepRecord {
  start: number;
  seconds: number;
  /** Per item: the request, tokens fed, and whether it was a prefill (several tokens, or the first) or a decode. */
  items: { request: number; tokens: number; phase: 'prefill' | 'decode' }[];
  /** Requests holding a slot (running, including a static batch's finished ones waiting for the rest). */
  occupied: number;
  /** The request in each slot during the step, or null for an empty slot; a request keeps its slot while it runs. */
  slots: (number | null)[];
  /** The KV memory after the step's admissions, in tokens. */
  kv: KvSnapshot;
  /** Requests waiting when the step began. */
  queued: number;
}

export interface KvSnapshot {
  capacity: number;
  /** Held by requests: blocks, or reservations. */
  held: number;
  /** Written or being written by the step: the tokens the held memory stores. */
  used: number;
  /** The most one new request could take. */
  largestFree: number;
  /** What the request at the head of the queue needs to join (0 when none waits). */
  headNeeds: number;
  /** The memory map: each request holding memory, by request id, where its memory lies and how much it wrote. */
  owners: KvOwner[];
}

/**
 * One request's part of the memory map: its blocks (paged: physical block numbers, each of blockSize tokens, filled
 * in the order listed) or its extent (contiguous: start and length, in tokens from the start of the memory), and the
 * tokens it has written, the step's included, from the start of its first block or its extent.
 */
export type KvOwner = KvPlace & { request: number; written: number };

export interface RequestRecord {
  id: number;
  arrival: number;
  firstTokenAt: number;
  finishedAt: number;
  tokens: number[];
  preemptions: number;
}

export interface ServeResult {
  requests: RequestRecord[];
  steps: StepRecord[];
  /** Requests preempted, in order (a request may appear more than once). */
  preempted: number[];
}

interface Live {
  request: ServeRequest;
  generated: number[];
  /** Tokens of prompt + generated the executor's sequence holds. */
  cached: number;
  firstTokenAt?: number;
  preemptions: number;
  finishedAt?: number;
}

/** The tokens the executor's sequence does not hold yet: the rest of the prompt, then what was generated. */
const pendingOf = ({ request: { prompt }, generated, cached }: Live) =>
  cached >= prompt.length ? generated.slice(cached - prompt.length) : [...prompt.slice(cached), ...generated];

export async function serve(
  stream: readonly ServeRequest[],
  executor: Executor,
  options: SchedulerOptions,
  { signal, onStep }: { signal?: AbortSignal; onStep?: (step: StepRecord) => void | Promise<void> } = {},
): Promise<ServeResult> {
  const { slots, blockSize, numBlocks, tokenBudget } = options;
  const memory: KvMemory =
    options.reservation === 'contiguous'
      ? new ContiguousMemory(numBlocks * blockSize)
      : new PagedMemory(numBlocks, blockSize);
  const longestOf = (r: ServeRequest) => r.prompt.length + r.maxNewTokens;
  const arrivals = [...stream].sort((a, b) => a.arrival - b.arrival || a.id - b.id);
  const longest = Math.max(0, ...arrivals.map(longestOf));
  if (!memory.fitsAlone(longest))
    throw new Error(`a request of ${longest} tokens needs more than the pool's ${numBlocks} blocks`);
  const waiting: Live[] = [];
  /** Holding a slot, in the order admitted. */
  let running: Live[] = [];
  const done: Live[] = [];
  const steps: StepRecord[] = [];
  const preempted: number[] = [];
  let clock = 0;
  let next = 0;

  const slotTable: (Live | undefined)[] = new Array(slots).fill(undefined);
  const join = (live: Live) => {
    slotTable[slotTable.indexOf(undefined)] = live;
    running.push(live);
  };
  const leave = (live: Live) => {
    slotTable[slotTable.indexOf(live)] = undefined;
    running = running.filter((l) => l !== live);
  };
  const arrive = () => {
    while (next < arrivals.length && arrivals[next]!.arrival <= clock)
      waiting.push({ request: arrivals[next++]!, generated: [], cached: 0, preemptions: 0 });
  };
  const release = (live: Live) => {
    memory.release(live.request.id);
    executor.release(live.request.id);
  };
  const preempt = (victim: Live) => {
    release(victim);
    victim.cached = 0;
    victim.preemptions++;
    preempted.push(victim.request.id);
    leave(victim);
    waiting.unshift(victim);
  };
  const staticBatchStarts = () =>
    waiting.length >= slots ||
    next >= arrivals.length ||
    (waiting.length > 0 && clock - waiting[0]!.request.arrival >= options.staticTimeout);

  /** Static batching: requests the batch being formed still takes (its prompts may need several steps' budgets). */
  let forming = 0;

  while (done.length < arrivals.length) {
    signal?.throwIfAborted();
    arrive();
    if (options.policy === 'static' && running.every((l) => l.finishedAt !== undefined))
      for (const live of running) leave(live);
    if (options.policy === 'static' && running.length === 0 && staticBatchStarts())
      forming = Math.min(slots, waiting.length);
    const admitting = () => options.policy === 'continuous' || forming > 0;
    const items: StepItem[] = [];
    const records: StepRecord['items'] = [];
    let budget = tokenBudget;
    const queued = waiting.length;
    const scheduled = (live: Live) => items.some((item) => item.request === live.request.id);
    /** Add the request's next tokens to the step, or say what stops it. A prompt longer than the budget runs alone. */
    const schedule = (live: Live): 'scheduled' | 'budget' | 'blocks' => {
      const pending = pendingOf(live);
      const take = options.chunkedPrefill ? Math.min(pending.length, budget) : pending.length;
      if (take === 0 || (take > budget && items.length > 0)) return 'budget';
      if (!memory.hold(live.request.id, live.cached + take, longestOf(live.request))) return 'blocks';
      items.push({
        request: live.request.id,
        tokens: pending.slice(0, take),
        sample: take === pending.length,
        fresh: live.cached === 0,
      });
      records.push({
        request: live.request.id,
        tokens: take,
        phase: take === 1 && live.cached > 0 ? 'decode' : 'prefill',
      });
      budget -= take;
      return 'scheduled';
    };
    // Running requests first, in the order admitted; out of blocks, the request admitted last gives its up.
    for (const live of running.filter((l) => l.finishedAt === undefined)) {
      if (!running.includes(live)) continue;
      let outcome = schedule(live);
      while (outcome === 'blocks') {
        const victim = running.filter((l) => l.finishedAt === undefined && !scheduled(l)).at(-1)!;
        preempt(victim);
        if (victim === live) break;
        outcome = schedule(live);
      }
    }
    while (
      admitting() &&
      waiting.length > 0 &&
      running.length < slots &&
      schedule(waiting[0]!) === 'scheduled'
    ) {
      join(waiting.shift()!);
      forming = Math.max(0, forming - 1);
    }
    if (items.length === 0) {
      // Nothing to run now: move the clock to the next arrival, or to when a waiting static batch starts anyway.
      const times = [
        arrivals[next]?.arrival,
        options.policy === 'static' && running.length === 0 && waiting.length > 0
          ? waiting[0]!.request.arrival + options.staticTimeout
          : undefined,
      ].filter((t): t is number => t !== undefined && t > clock);
      if (times.length === 0)
        throw new Error(
          'the scheduler can run nothing: a waiting request does not fit the budget or the pool',
        );
      clock = Math.min(...times);
      continue;
    }
    const { seconds, tokens } = await executor.step(items);
    const start = clock;
    clock += seconds;
    // Tokens each working request holds once the step has written: what it held before, and what it is fed.
    const written = new Map(
      running
        .filter((l) => l.finishedAt === undefined)
        .map((l) => [
          l.request.id,
          l.cached + (items.find((i) => i.request === l.request.id)?.tokens.length ?? 0),
        ]),
    );
    const record: StepRecord = {
      start,
      seconds,
      items: records,
      occupied: running.length,
      slots: slotTable.map((live) => live?.request.id ?? null),
      kv: {
        capacity: memory.capacity,
        held: memory.held,
        used: [...written.values()].reduce((sum, n) => sum + n, 0),
        largestFree: memory.largestFree(),
        headNeeds: waiting[0]
          ? memory.admissionNeed(pendingOf(waiting[0]).length, longestOf(waiting[0].request))
          : 0,
        owners: [...memory.places()]
          .sort(([a], [b]) => a - b)
          .map(([request, place]) => ({ request, written: written.get(request) ?? 0, ...place })),
      },
      queued,
    };
    steps.push(record);
    for (const item of items) {
      const live = running.find((l) => l.request.id === item.request)!;
      live.cached += item.tokens.length;
      if (!item.sample) continue;
      const token = tokens.get(item.request);
      if (token === undefined) throw new Error(`the executor sampled no token for request ${item.request}`);
      live.generated.push(token);
      live.firstTokenAt ??= clock;
      if (live.generated.length < live.request.maxNewTokens) continue;
      live.finishedAt = clock;
      done.push(live);
      // A finished request's blocks are freed at once. Continuous batching frees its slot too; static batching keeps
      // the slot, idle, until the batch ends.
      release(live);
      if (options.policy === 'continuous') leave(live);
    }
    await onStep?.(record);
  }
  return {
    requests: done
      .map((l) => ({
        id: l.request.id,
        arrival: l.request.arrival,
        firstTokenAt: l.firstTokenAt!,
        finishedAt: l.finishedAt!,
        tokens: l.generated,
        preemptions: l.preemptions,
      }))
      .sort((a, b) => a.id - b.id),
    steps,
    preempted,
  };
}
