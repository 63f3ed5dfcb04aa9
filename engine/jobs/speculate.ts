/**
 * Lesson 6's token stream: speculative decoding on the page's session, whose draft model is loaded beside the target
 * (SessionRequest.draft), streaming each verification as a partial result for the page to draw (serve/
 * speculative-view.ts). Seeded, so the same request replays the same steps. Cancelling stops before the next step.
 */
import type { Session } from '../create-session';
import type { ModelRunner } from '../model-runner';
import { speculativeDecode } from '../serve/speculative-decode';
import { stepView, type StepView } from '../serve/speculative-view';
import { defineJob, type Progress } from './job';
import { yieldToEvents } from './yield-to-events';

export interface SpeculateRequest {
  prompt: string;
  /** Tokens drafted per step (K). */
  draftTokens: number;
  /** 0 decodes greedily; above, both models sample at this temperature. */
  temperature: number;
  seed: number;
  /** Tokens to emit at most. */
  maxTokens: number;
}

export interface SpeculateResult {
  /** Tokens the prompt has, and how many of its last ones were read (room is left for the tokens asked for). */
  promptTokens: number;
  tokensRead: number;
  steps: number;
  emitted: number;
  cancelled: boolean;
}

/** The draft runner of a session loaded with one; throws, saying so, for a session without. */
export function draftOf(session: Session): ModelRunner {
  if (!session.draftRunner)
    throw new Error('Speculative decoding needs a session loaded with a draft model.');
  return session.draftRunner;
}

/** Prompt tokens that leave both models' `positions` room for `maxTokens` more and one more step's K drafted and bonus. */
export const speculationRoom = (positions: number, maxTokens: number, K: number) =>
  Math.max(1, positions - maxTokens - K - 1);

/** The prompt's last tokens that leave room for `maxTokens` more (speculationRoom). */
export function speculationPrompt(session: Session, prompt: string, maxTokens: number, K: number) {
  const all = session.tokenizer.encode(prompt);
  const positions = Math.min(session.runner.maxPositions, draftOf(session).maxPositions);
  return { promptTokens: all.length, ids: all.slice(-speculationRoom(positions, maxTokens, K)) };
}

export const speculateJob = defineJob({
  name: 'speculate',
  async run(
    session,
    request: SpeculateRequest,
    progress: Progress<StepView>,
    signal,
  ): Promise<SpeculateResult> {
    const { prompt, ...options } = request;
    const { promptTokens, ids } = speculationPrompt(session, prompt, options.maxTokens, options.draftTokens);
    let [steps, emitted] = [0, 0];
    const summary = (cancelled: boolean) => ({
      promptTokens,
      tokensRead: ids.length,
      steps,
      emitted,
      cancelled,
    });
    try {
      for await (const step of speculativeDecode(draftOf(session), session.runner, ids, {
        ...options,
        signal,
      })) {
        steps++;
        emitted += step.emitted.length;
        const partial = stepView(step, session.tokenizer);
        progress({
          stage: 'drafting and verifying',
          fraction: Math.min(1, emitted / request.maxTokens),
          partial,
        });
        await yieldToEvents();
      }
      return summary(false);
    } catch (error) {
      if (!signal.aborted) throw error;
      return summary(true);
    }
  },
});

declare module './registry' {
  interface JobTable {
    [speculateJob.name]: typeof speculateJob;
  }
}
