/**
 * Tests only: an executor whose "model" is a hash of each sequence's whole history, so a token comes out right only if
 * the scheduler fed every earlier token exactly once and in order; step time grows with the tokens fed. It also
 * counts the KV blocks its live sequences hold after each step, to check the scheduler's own count against.
 */
import type { Executor, StepItem } from '../serve/scheduler/scheduler';

/** The next token after `history` (any deterministic function of the whole history will do). */
export function nextTokenAfter(history: readonly number[]): number {
  let h = 17;
  for (const t of history) h = (Math.imul(h, 31) + t + 1) >>> 0;
  return h % 251;
}

/** Tokens a request generates when served alone: its prompt, then each token from the history so far. */
export function servedAlone(prompt: readonly number[], maxNewTokens: number): number[] {
  const history = [...prompt];
  const out: number[] = [];
  for (let i = 0; i < maxNewTokens; i++) {
    const token = nextTokenAfter(history);
    out.push(token);
    history.push(token);
  }
  return out;
}

export class FakeExecutor implements Executor {
  readonly sequences = new Map<number, number[]>();
  /** Blocks the live sequences hold after each step. */
  readonly blocksAfterStep: number[] = [];
  constructor(
    readonly blockSize: number,
    readonly secondsPerStep = 0.01,
    readonly secondsPerToken = 0.001,
  ) {}

  async step(items: readonly StepItem[]) {
    const tokens = new Map<number, number>();
    for (const item of items) {
      if (item.fresh) this.sequences.set(item.request, []);
      const history = this.sequences.get(item.request);
      if (!history) throw new Error(`request ${item.request} fed without a sequence`);
      history.push(...item.tokens);
      if (item.sample) tokens.set(item.request, nextTokenAfter(history));
    }
    let blocks = 0;
    for (const history of this.sequences.values()) blocks += Math.ceil(history.length / this.blockSize);
    this.blocksAfterStep.push(blocks);
    const fed = items.reduce((s, item) => s + item.tokens.length, 0);
    return { seconds: this.secondsPerStep + this.secondsPerToken * fed, tokens };
  }

  release(request: number): void {
    this.sequences.delete(request);
  }
}
