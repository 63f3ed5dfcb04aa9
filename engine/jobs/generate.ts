/**
 * Generates from a prompt on the loaded model (after the tokenizer's prompt prefix: Llama's BOS) until its
 * end-of-text token or the tokens asked for, streaming each token as a partial result: the text so far, the step's
 * phase and wall-clock time, and the KV cache after it (for lesson 2's memory map). Cancelling stops before the next
 * step and resolves with `cancelled`.
 */
import { generate } from '../serve/generate';
import { kvCacheState, type KvCacheState } from '../serve/kv-state';
import type { SamplingOptions } from '../serve/sampling';
import { defineJob, type Progress } from './job';
import { yieldToEvents } from './yield-to-events';

export interface GenerateRequest extends SamplingOptions {
  prompt: string;
  maxTokens: number;
  seed: number;
  /** Most tokens the session takes in one step: a longer prompt is prefilled in chunks of this many. */
  prefillChunk?: number;
}

export interface GeneratedStep {
  /** Text generated so far (the prompt excluded). */
  text: string;
  tokens: number;
  phase: 'prefill' | 'decode';
  /** Seconds this step took (wall clock around the forward call and read-back). */
  seconds: number;
  /** Tokens the step processed. */
  tokensIn: number;
  /** The KV cache after the step: the generating sequence's page table, the pool, bytes per token. */
  cache: KvCacheState;
}

export const generateJob = defineJob({
  name: 'generate',
  async run(
    { runner, tokenizer, info },
    request: GenerateRequest,
    progress: Progress<GeneratedStep>,
    signal,
  ): Promise<{ cancelled: boolean }> {
    const { prompt, ...options } = request;
    const ids: number[] = [];
    // Generation ends at the model's end-of-text token, which the text leaves out.
    const stopTokens = info.config.eosTokenIds ?? [];
    try {
      const input = [...tokenizer.promptPrefix, ...tokenizer.encode(prompt)];
      for await (const t of generate(runner, input, { ...options, stopTokens, signal })) {
        ids.push(t.token);
        const step: GeneratedStep = {
          text: tokenizer.decode(ids.filter((id) => !stopTokens.includes(id))),
          tokens: ids.length,
          phase: t.phase,
          seconds: t.seconds,
          tokensIn: t.tokensIn,
          cache: kvCacheState(runner.cache, t.seq, info.config),
        };
        progress({ stage: 'generating', fraction: ids.length / request.maxTokens, partial: step });
        await yieldToEvents();
      }
      return { cancelled: false };
    } catch (error) {
      if (!signal.aborted) throw error;
      return { cancelled: true };
    }
  },
});

declare module './registry' {
  interface JobTable {
    [generateJob.name]: typeof generateJob;
  }
}
