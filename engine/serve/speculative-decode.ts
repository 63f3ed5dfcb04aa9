/**
 * Speculative decoding on two model runners that share a tokenizer: each step the draft proposes K tokens one by one,
 * the target scores them all in one forward over K + 1 positions, and serve/speculative.ts decides which stand.
 * Both caches then roll back to the accepted text through their page tables (ModelRunner.truncate), so they hold
 * what plain decoding of that text would. The token emitted last is held back from both caches until the next step
 * feeds it, as in serve/generate.ts; the draft also takes the last drafted token then, when all K were accepted.
 * Seeded: the same seed, prompt and settings give the same steps. Both sequences are freed when the loop ends.
 */
import { Random } from '../model/random';
import type { ModelRunner } from '../model-runner';
import { softmaxAt } from './divergence';
import { drawFrom, oneHotAtMax, verifyDraft, type Verification } from './speculative';

export interface SpeculativeOptions {
  /** Tokens drafted per step. */
  draftTokens: number;
  /** 0 decodes greedily (both models' most likely tokens); above, both sample at this temperature. */
  temperature: number;
  seed: number;
  /** Tokens to emit at most. */
  maxTokens: number;
  signal?: AbortSignal;
}

export interface SpeculativeStep extends Verification {
  /** The draft's distribution at each drafted position (K rows), and the target's (K + 1 rows), at the temperature. */
  q: Float64Array[];
  p: Float64Array[];
  /** Wall-clock seconds of the K draft forwards, and of the target's one verifying forward. */
  draftSeconds: number;
  verifySeconds: number;
}

/** The distribution a model samples from at `temperature` (one-hot at its most likely token at 0). */
export function distributionAt(logits: Float32Array, temperature: number): Float64Array {
  return temperature === 0 ? oneHotAtMax(logits) : softmaxAt(logits, temperature);
}

const seconds = (start: number) => (performance.now() - start) / 1000;

export async function* speculativeDecode(
  draft: ModelRunner,
  target: ModelRunner,
  prompt: readonly number[],
  options: SpeculativeOptions,
): AsyncGenerator<SpeculativeStep> {
  const { draftTokens: K, temperature, maxTokens } = options;
  if (prompt.length === 0) throw new Error('the prompt is empty');
  if (!(Number.isInteger(K) && K >= 1)) throw new Error(`a step drafts at least one token, not ${K}`);
  const rng = new Random(options.seed);
  const [draftSeq, targetSeq] = [draft.create(), target.create()];
  try {
    // Each cache holds the text but its last `pending` tokens, which the next forward feeds.
    let draftPending = [...prompt];
    let targetPending = [...prompt];
    let emitted = 0;
    const room = () =>
      Math.min(draft.maxPositions, target.maxPositions) - target.cache.length(targetSeq) - K - 1;
    while (emitted < maxTokens && room() >= targetPending.length) {
      const base = target.cache.length(targetSeq) + targetPending.length; // the text's length before drafting
      const drafted: number[] = [];
      const q: Float64Array[] = [];
      const draftStart = performance.now();
      let input = draftPending;
      for (let i = 0; i < K; i++) {
        options.signal?.throwIfAborted(); // a Stop lands before the next forward, not the next verification
        const [logits] = await draft.forward([{ seq: draftSeq, tokens: input, logits: 'last' }]);
        q.push(distributionAt(logits!, temperature));
        drafted.push(drawFrom(q[i]!, rng.next()));
        input = [drafted[i]!];
      }
      const draftSeconds = seconds(draftStart);
      options.signal?.throwIfAborted();
      const verifyStart = performance.now();
      const [rows] = await target.forward([
        { seq: targetSeq, tokens: [...targetPending, ...drafted], logits: 'all' },
      ]);
      const verifySeconds = seconds(verifyStart);
      const V = target.vocabSize;
      const skip = targetPending.length - 1; // rows before the one predicting the first drafted token
      const p = Array.from({ length: K + 1 }, (_, i) =>
        distributionAt(rows!.subarray((skip + i) * V, (skip + i + 1) * V), temperature),
      );
      const verification = verifyDraft(drafted, q, p, rng);
      const accepted = verification.emitted.length - 1;
      // Both caches keep the text and the accepted drafted tokens; the final token waits for the next step.
      target.truncate(targetSeq, base + accepted);
      draft.truncate(draftSeq, Math.min(draft.cache.length(draftSeq), base + accepted));
      const final = verification.final.token;
      targetPending = [final];
      draftPending = accepted === K ? [drafted[K - 1]!, final] : [final];
      emitted += verification.emitted.length;
      yield { ...verification, q, p, draftSeconds, verifySeconds };
    }
  } finally {
    draft.free(draftSeq);
    target.free(targetSeq);
  }
}
