/**
 * How well the loaded model, in the weight scheme it was loaded with, predicts held-out text: the text is tokenized
 * and cut into consecutive windows of `window` tokens; each window is one prefill on a fresh sequence, scored token by
 * token (serve/perplexity.ts), and freed. A tokenizer that puts ids before every text (Llama's BOS) has them start
 * each window, as transformers encodes a text, and every text token after them is scored. The mean is over every predicted token of every window, so the perplexity
 * of one scheme and another are measured on exactly the same tokens. A cancelled run stops between windows.
 */
import type { Session } from '../create-session';
import { meanNextTokenNll } from '../serve/perplexity';
import type { WeightScheme } from '../quant/scheme';
import { defineJob, type Progress } from './job';
import { yieldToEvents } from './yield-to-events';

export interface ScoreTextRequest {
  text: string;
  /** Tokens per window: at most the model's context and the session's step size. */
  window: number;
  /** Windows to score, from the start of the text. */
  windows: number;
}

export interface TextScore {
  /** Mean negative log-likelihood of the predicted tokens, nats per token, and its exponential. */
  meanNll: number;
  perplexity: number;
  /** Text tokens predicted (window − max(1, prefix length) per window) and windows scored. */
  tokens: number;
  windows: number;
  /** The scheme the model's linear layers are stored in, and the bytes of all its weights. */
  scheme: WeightScheme;
  weightBytes: number;
}

/** Windows of `window` ids, consecutive from the start of `ids`; throws when fewer than asked fit. */
export function windowsOf(ids: readonly number[], window: number, count: number): number[][] {
  const fit = Math.floor(ids.length / window);
  if (fit < count) throw new Error(`the text holds ${fit} windows of ${window} tokens, not ${count}`);
  return Array.from({ length: count }, (_, k) => ids.slice(k * window, (k + 1) * window));
}

export async function scoreText(
  session: Session,
  request: ScoreTextRequest,
  progress: (score: TextScore, fraction: number) => void = () => {},
  signal?: AbortSignal,
): Promise<TextScore | undefined> {
  const { runner, tokenizer, info } = session;
  const prefix = tokenizer.promptPrefix;
  if (request.window - prefix.length < 1 || request.window < 2)
    throw new Error(
      `a window must hold two tokens or more, one of them past the ${prefix.length} the text starts with`,
    );
  const texts = windowsOf(tokenizer.encode(request.text), request.window - prefix.length, request.windows);
  const first = Math.max(0, prefix.length - 1);
  let total = 0;
  let tokens = 0;
  let score: TextScore | undefined;
  for (const [k, text] of texts.entries()) {
    await yieldToEvents();
    if (signal?.aborted) break;
    const ids = [...prefix, ...text];
    const predicted = ids.length - 1 - first;
    const seq = runner.create();
    try {
      const [logits] = await runner.forward([{ seq, tokens: ids, logits: 'all' }]);
      total += meanNextTokenNll(logits!, ids, info.config.vocabSize, first) * predicted;
      tokens += predicted;
    } finally {
      runner.free(seq);
    }
    const meanNll = total / tokens;
    score = {
      meanNll,
      perplexity: Math.exp(meanNll),
      tokens,
      windows: k + 1,
      scheme: info.scheme,
      weightBytes: info.weightBytes,
    };
    progress(score, (k + 1) / texts.length);
  }
  return score;
}

/** Lesson 4's quality measurement: the loaded model's perplexity on held-out text, window by window. */
export const scoreTextJob = defineJob({
  name: 'score-text',
  run: async (
    session,
    request: ScoreTextRequest,
    progress: Progress<TextScore>,
    signal,
  ): Promise<TextScore | undefined> =>
    scoreText(
      session,
      request,
      (partial, fraction) => progress({ stage: 'scoring held-out text', fraction, partial }),
      signal,
    ),
});

declare module './registry' {
  interface JobTable {
    [scoreTextJob.name]: typeof scoreTextJob;
  }
}
