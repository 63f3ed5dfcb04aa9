/**
 * Lesson 8's page tables on the page's loaded model: serve/page-trace.ts run on the session's own paged cache, the
 * prompts given as text (the system prompt and each request's words tokenized apart, so that every request starts
 * with the same tokens). Each operation's pool and page tables are streamed as they happen; the result adds each
 * sequence's generated text.
 */
import { tracePages, type PageSnapshot } from '../serve/page-trace';
import { defineJob, type Progress } from './job';
import { yieldToEvents } from './yield-to-events';

export interface PageTablesRequest {
  system: string;
  /** Each request's own words, in order of arrival. */
  questions: string[];
  samples: number;
  steps: number;
  temperature: number;
  seed: number;
}

export interface PageTablesResult {
  blockSize: number;
  /** Tokens in the system prompt. */
  systemTokens: number;
  /** What each sequence generated, by name. */
  generated: { name: string; seq: number; text: string }[];
}

export const pageTablesJob = defineJob({
  name: 'page-tables',
  async run(
    { runner, tokenizer },
    request: PageTablesRequest,
    progress: Progress<PageSnapshot>,
    signal,
  ): Promise<PageTablesResult> {
    const system = tokenizer.encode(request.system);
    const operations = 2 * request.questions.length + request.steps + 2;
    let done = 0;
    const trace = await tracePages(
      runner,
      { ...request, system, questions: request.questions.map((q) => tokenizer.encode(q)) },
      async (snapshot) => {
        progress({ stage: snapshot.action, fraction: ++done / operations, partial: snapshot });
        await yieldToEvents();
      },
      signal,
    );
    return {
      blockSize: trace.blockSize,
      systemTokens: system.length,
      generated: trace.generated.map(({ name, seq, tokens }) => ({
        name,
        seq,
        text: tokenizer.decode(tokens),
      })),
    };
  },
});

declare module './registry' {
  interface JobTable {
    [pageTablesJob.name]: typeof pageTablesJob;
  }
}
