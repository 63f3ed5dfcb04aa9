/**
 * Lesson 7's server in the tab: a seeded stream of requests, their prompts cut from the text given, served on the
 * page's loaded model by the scheduler (serve/scheduler) under the policy asked, each step one batched forward of the
 * model runner timed wall-clock, and its greedy tokens. The scheduler counts the session's own KV pool. Each step is
 * streamed as it ends, for the page to draw slot by slot; the result adds every request's text and the metrics.
 * Cancelling stops before the next step and frees every sequence.
 */
import { EngineExecutor } from '../serve/scheduler/engine-executor';
import { requestStream, type StreamOptions } from '../serve/scheduler/request-stream';
import {
  serve,
  type SchedulerOptions,
  type ServeResult,
  type StepRecord,
} from '../serve/scheduler/scheduler';
import { serveMetrics, type ServeMetrics } from '../serve/scheduler/serve-metrics';
import { defineJob, type Progress } from './job';
import { yieldToEvents } from './yield-to-events';

export interface ServeStreamRequest {
  /** Text the prompts are cut from (held-out text, so they are real). */
  text: string;
  stream: Omit<StreamOptions, 'source'>;
  /** The scheduler's settings; its KV pool is the session's. */
  scheduler: Omit<SchedulerOptions, 'numBlocks' | 'blockSize'>;
}

export interface ServeStreamResult extends ServeResult {
  metrics: ServeMetrics;
  /** Each request's prompt and generated text, by request id. */
  texts: { prompt: string; output: string }[];
}

export const serveStreamJob = defineJob({
  name: 'serve-stream',
  async run(
    { runner, tokenizer },
    request: ServeStreamRequest,
    progress: Progress<StepRecord>,
    signal,
  ): Promise<ServeStreamResult> {
    const stream = requestStream({ ...request.stream, source: tokenizer.encode(request.text) });
    const options = {
      ...request.scheduler,
      numBlocks: runner.cache.pool.numBlocks,
      blockSize: runner.cache.blockSize,
    };
    const executor = new EngineExecutor(runner);
    // Decodes the stream needs without preemption: every token but each request's first.
    const total = Math.max(
      1,
      stream.reduce((s, r) => s + r.maxNewTokens - 1, 0),
    );
    let done = 0;
    try {
      const result = await serve(stream, executor, options, {
        signal,
        onStep: async (step) => {
          done += step.items.filter((item) => item.phase === 'decode').length;
          progress({ stage: 'serving the stream', fraction: done / total, partial: step });
          await yieldToEvents();
        },
      });
      return {
        ...result,
        metrics: serveMetrics(result, options.slots),
        texts: stream.map((r) => ({
          prompt: tokenizer.decode(r.prompt),
          output: tokenizer.decode(result.requests.find((q) => q.id === r.id)!.tokens),
        })),
      };
    } finally {
      for (const r of stream) executor.release(r.id);
    }
  },
});

declare module './registry' {
  interface JobTable {
    [serveStreamJob.name]: typeof serveStreamJob;
  }
}
