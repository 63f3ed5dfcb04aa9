/**
 * The scheduler's steps on the engine: each step is one batched forward of the model runner over every scheduled
 * request's new tokens (prefill chunks and decodes together, each request its own sequence in the paged cache), timed
 * wall-clock around the forward and the read-back, and the next token chosen by `choose` from each sampled row's
 * logits (greedy by default). A request's sequence is created on its first tokens and freed when the scheduler
 * releases it, so the cache holds exactly what the scheduler counts.
 */
import type { ModelRunner, SequenceRequest } from '../../model-runner';
import type { Executor, StepItem } from './scheduler';

/** The index of the largest logit (the first, on ties). */
export function greedy(logits: Float32Array): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

export class EngineExecutor implements Executor {
  readonly #runner: ModelRunner;
  readonly #choose: (logits: Float32Array, request: number) => number;
  readonly #sequences = new Map<number, number>();

  constructor(runner: ModelRunner, choose: (logits: Float32Array, request: number) => number = greedy) {
    this.#runner = runner;
    this.#choose = choose;
  }

  async step(items: readonly StepItem[]) {
    const batch: SequenceRequest[] = items.map((item) => {
      if (item.fresh) {
        this.release(item.request);
        this.#sequences.set(item.request, this.#runner.create());
      }
      const seq = this.#sequences.get(item.request);
      if (seq === undefined) throw new Error(`request ${item.request} fed without a sequence`);
      return { seq, tokens: item.tokens, logits: 'last' };
    });
    const start = performance.now();
    const logits = await this.#runner.forward(batch);
    const seconds = (performance.now() - start) / 1000;
    const tokens = new Map<number, number>();
    items.forEach((item, i) => {
      if (item.sample) tokens.set(item.request, this.#choose(logits[i]!, item.request));
    });
    return { seconds, tokens };
  }

  release(request: number): void {
    const seq = this.#sequences.get(request);
    if (seq === undefined) return;
    this.#runner.free(seq);
    this.#sequences.delete(request);
  }
}
