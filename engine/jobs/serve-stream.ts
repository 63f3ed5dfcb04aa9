/**
 * Lessons 7 and 8's server in the tab: a seeded stream of requests, their prompts cut from the text given, served on
 * the page's loaded model by the scheduler (serve/scheduler) in each run asked in turn, the same stream each time: a
 * run names its batching policy and how the KV memory is handed out (paged blocks or contiguous reservations).
 * Each step is one batched forward of the model runner, timed wall-clock, and its greedy tokens. The scheduler counts
 * the session's own KV pool. Before the measured runs an untimed warm-up serves the stream's first requests as one
 * full batch for two tokens, so that shader compiles and first-use costs land on no run's clock. Each step is
 * streamed as it ends, for the page to draw slot by slot and its memory map; the result adds every request's text
 * and each run's metrics. Cancelling stops before the next step and frees every sequence.
 */
import { EngineExecutor } from '../serve/scheduler/engine-executor';
import type { Reservation } from '../serve/scheduler/kv-memory';
import { requestStream, type ServeRequest, type StreamOptions } from '../serve/scheduler/request-stream';
import {
  serve,
  type SchedulerOptions,
  type ServeResult,
  type StepRecord,
} from '../serve/scheduler/scheduler';
import { serveMetrics, type ServeMetrics } from '../serve/scheduler/serve-metrics';
import { defineJob, type Progress } from './job';
import { yieldToEvents } from './yield-to-events';

export type BatchingPolicy = SchedulerOptions['policy'];

export interface ServeStreamRequest {
  /** Text the prompts are cut from (held-out text, so they are real). */
  text: string;
  stream: Omit<StreamOptions, 'source'>;
  /** The scheduler's settings but what each run chooses; its KV pool is the session's. */
  scheduler: Omit<SchedulerOptions, 'numBlocks' | 'blockSize' | 'policy' | 'reservation'>;
  /** The runs to serve the stream in, in order. */
  runs: ServeRun[];
}

/** What one run of the stream chooses: its batching policy, and how its KV memory is handed out. */
export interface ServeRun {
  policy: BatchingPolicy;
  reservation: Reservation;
}

/** One step as it ends, and the run it was served in. */
export interface ServeStreamStep extends ServeRun {
  step: StepRecord;
}

/** One run's result: what it served, step by step, and its metrics. */
export interface PolicyRun extends ServeResult, ServeRun {
  metrics: ServeMetrics;
}

export interface ServeStreamResult {
  runs: PolicyRun[];
  /** Each request's prompt and generated text (greedy, so the same in every run), by request id. */
  texts: { prompt: string; output: string }[];
}

/** The stream's first `slots` requests arriving together, for two tokens each. */
const warmUpStream = (stream: readonly ServeRequest[], slots: number): ServeRequest[] =>
  stream.slice(0, slots).map((r) => ({ ...r, arrival: 0, maxNewTokens: Math.min(2, r.maxNewTokens) }));

export const serveStreamJob = defineJob({
  name: 'serve-stream',
  async run(
    { runner, tokenizer },
    request: ServeStreamRequest,
    progress: Progress<ServeStreamStep>,
    signal,
  ): Promise<ServeStreamResult> {
    const stream = requestStream({ ...request.stream, source: tokenizer.encode(request.text) });
    const options = {
      ...request.scheduler,
      numBlocks: runner.cache.pool.numBlocks,
      blockSize: runner.cache.blockSize,
    };
    // Decodes each run needs without preemption: every token but each request's first.
    const decodes = Math.max(
      1,
      stream.reduce((s, r) => s + r.maxNewTokens - 1, 0),
    );
    const total = decodes * request.runs.length;
    let done = 0;
    const executor = new EngineExecutor(runner);
    const serveIn = async (run: ServeRun, requests: ServeRequest[], shown: boolean) => {
      try {
        return await serve(
          requests,
          executor,
          { ...options, ...run },
          {
            signal,
            onStep: async (step) => {
              if (!shown) return;
              done += step.items.filter((item) => item.phase === 'decode').length;
              progress({
                stage: `serving the stream, ${run.policy}, ${run.reservation}`,
                fraction: done / total,
                partial: { ...run, step },
              });
              await yieldToEvents();
            },
          },
        );
      } finally {
        for (const r of requests) executor.release(r.id);
      }
    };
    await serveIn({ policy: 'continuous', reservation: 'paged' }, warmUpStream(stream, options.slots), false);
    const runs: PolicyRun[] = [];
    for (const run of request.runs) {
      const result = await serveIn(run, stream, true);
      runs.push({ ...run, ...result, metrics: serveMetrics(result, options.slots) });
    }
    const served = runs.at(-1)?.requests ?? [];
    return {
      runs,
      texts: stream.map((r) => ({
        prompt: tokenizer.decode(r.prompt),
        output: tokenizer.decode(served.find((q) => q.id === r.id)?.tokens ?? []),
      })),
    };
  },
});

declare module './registry' {
  interface JobTable {
    [serveStreamJob.name]: typeof serveStreamJob;
  }
}
