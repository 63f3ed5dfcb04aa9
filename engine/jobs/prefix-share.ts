/**
 * Lesson 8's prefix sharing on the page's loaded model: requests that start with the same system prompt served one
 * after another (serve/prefix-sharing.ts), first with the prefix cache off and then on, each request's time to its
 * first token measured wall-clock. An untimed warm-up serves the first request once before, so that shader
 * compiles land on neither run. The system prompt and each request's words are tokenized apart, so every request
 * starts with the same tokens.
 */
import { serveSharedPrefix, type PrefixRun, type PrefixServed } from '../serve/prefix-sharing';
import { defineJob, type Progress } from './job';
import { yieldToEvents } from './yield-to-events';

export interface PrefixShareRequest {
  system: string;
  /** Each request's own words, in order of arrival. */
  questions: string[];
  /** Tokens each request generates. */
  newTokens: number;
}

/** One request served, as it ends. */
export interface PrefixShareServed {
  prefixCaching: boolean;
  index: number;
  served: PrefixServed;
}

export interface PrefixShareResult {
  /** Off, then on. */
  runs: PrefixRun[];
  blockSize: number;
  /** Tokens in the system prompt, and in each request's prompt. */
  systemTokens: number;
  promptTokens: number[];
}

export const prefixShareJob = defineJob({
  name: 'prefix-share',
  async run(
    { runner, tokenizer },
    request: PrefixShareRequest,
    progress: Progress<PrefixShareServed>,
    signal,
  ): Promise<PrefixShareResult> {
    const system = tokenizer.encode(request.system);
    const requests = request.questions.map((q) => ({
      prompt: [...system, ...tokenizer.encode(q)],
      maxNewTokens: request.newTokens,
    }));
    await serveSharedPrefix(runner, requests.slice(0, 1), { prefixCaching: false, signal });
    const runs: PrefixRun[] = [];
    for (const prefixCaching of [false, true]) {
      runs.push(
        await serveSharedPrefix(runner, requests, {
          prefixCaching,
          signal,
          onServed: async (served, index) => {
            const done = (prefixCaching ? requests.length : 0) + index + 1;
            progress({
              stage: `request ${index + 1} of ${requests.length}, prefix cache ${prefixCaching ? 'on' : 'off'}`,
              fraction: done / (2 * requests.length),
              partial: { prefixCaching, index, served },
            });
            await yieldToEvents();
          },
        }),
      );
    }
    return {
      runs,
      blockSize: runner.cache.blockSize,
      systemTokens: system.length,
      promptTokens: requests.map((r) => r.prompt.length),
    };
  },
});

declare module './registry' {
  interface JobTable {
    [prefixShareJob.name]: typeof prefixShareJob;
  }
}
