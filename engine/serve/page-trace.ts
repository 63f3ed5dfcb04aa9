/**
 * Lesson 8's page tables, live: requests that share a system prompt arrive one after another on a paged KV cache
 * with the prefix cache on (each finds the blocks the first filled), the last request is then sampled several
 * ways at once (its sequence forked, so the samples share every block until each writes its own token into the
 * shared last block and copy-on-write gives it a private copy), every live sequence decodes a few tokens in
 * batched steps, and the first request finishes. After each operation the pool and page tables are recorded with
 * what changed. The cache is the session's own; everything is freed and the prefix cache turned back as it was at
 * the end.
 */
import { Random } from '../model/random';
import type { ModelRunner } from '../model-runner';
import { pageEvents, type PageEvent, type PageOperation, type PagesView } from './page-events';
import { sample } from './sampling';

export interface PageTraceRequest {
  /** The system prompt every request starts with, in tokens. */
  system: readonly number[];
  /** Each request's own words after it, in tokens, in order of arrival (at least one). */
  questions: readonly (readonly number[])[];
  /** Ways the last request is sampled (parallel sampling; 1: no fork). */
  samples: number;
  /** Decode steps every live sequence takes together. */
  steps: number;
  temperature: number;
  seed: number;
}

export interface PageSnapshot extends PagesView {
  operation: PageOperation;
  /** What happened, in words. */
  action: string;
  events: PageEvent[];
}

export interface PageTraceResult {
  blockSize: number;
  /** The tokens each sequence generated, by name and by its id in the cache (which its colour follows). */
  generated: { name: string; seq: number; tokens: number[] }[];
}

interface Live {
  name: string;
  seq: number;
  tokens: number[];
  rng: Random;
}

/** Names the requests A, B, … and the samples of a request A1, A2, …. */
const requestName = (i: number) => String.fromCharCode(65 + i);

export async function tracePages(
  runner: ModelRunner,
  request: PageTraceRequest,
  onSnapshot: (snapshot: PageSnapshot) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<PageTraceResult> {
  const cache = runner.cache;
  const wasCaching = cache.prefixCaching;
  cache.setPrefixCaching(true);
  const live: Live[] = [];
  const ended: Live[] = [];
  const view = (): PagesView => ({
    refs: Array.from({ length: cache.pool.numBlocks }, (_, b) => cache.pool.refCount(b)),
    cached: cache.pool.cached(),
    sequences: live.map(({ name, seq }) => ({
      seq,
      name,
      table: [...cache.pageTable(seq)],
      length: cache.length(seq),
    })),
  });
  let last = view();
  const record = async (operation: PageOperation, action: string) => {
    const now = view();
    await onSnapshot({ ...now, operation, action, events: pageEvents(last, now, operation) });
    last = now;
    signal?.throwIfAborted();
  };
  const pick = (s: Live, logits: Float32Array) => {
    s.tokens.push(sample(logits, { temperature: request.temperature }, s.rng));
  };
  try {
    for (const [i, question] of request.questions.entries()) {
      const prompt = [...request.system, ...question];
      const { seq, cached } = runner.createCached(prompt);
      const s: Live = { name: requestName(i), seq, tokens: [], rng: new Random(request.seed + i) };
      live.push(s);
      await record(
        'lookup',
        `Request ${s.name} arrives with ${prompt.length} prompt tokens; ${cached} of them are found in the prefix cache.`,
      );
      const [logits] = await runner.forward([{ seq, tokens: prompt.slice(cached), logits: 'last' }]);
      pick(s, logits!);
      await record(
        'step',
        `${s.name}'s prefill computes its other ${prompt.length - cached} tokens and its first token.`,
      );
    }
    const parent = live.at(-1)!;
    for (let j = 1; j < request.samples; j++) {
      live.push({
        name: `${parent.name}${j + 1}`,
        seq: runner.fork(parent.seq),
        tokens: [...parent.tokens],
        rng: new Random(request.seed + 1000 * j),
      });
    }
    if (request.samples > 1) {
      parent.name = `${parent.name}1`;
      await record(
        'fork',
        `${parent.name.slice(0, -1)} is sampled ${request.samples} ways: each sample shares all its blocks.`,
      );
    }
    for (let step = 0; step < request.steps; step++) {
      const batch = live.map((s) => ({ seq: s.seq, tokens: s.tokens.slice(-1), logits: 'last' as const }));
      const logits = await runner.forward(batch);
      live.forEach((s, i) => pick(s, logits[i]!));
      await record('step', `Decode step ${step + 1}: every live sequence writes one token.`);
    }
    const first = live.shift()!;
    runner.free(first.seq);
    ended.push(first);
    await record(
      'free',
      `${first.name} finishes: its blocks lose a reference; named ones stay in the prefix cache.`,
    );
    return {
      blockSize: cache.blockSize,
      generated: [...ended, ...live].map(({ name, seq, tokens }) => ({ name, seq, tokens })),
    };
  } finally {
    for (const s of live) runner.free(s.seq);
    cache.setPrefixCaching(wasCaching);
  }
}
