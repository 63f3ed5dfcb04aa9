/**
 * The KV memory a served stream wasted, from its per-step log: internal waste (held by requests but not storing a
 * token: a reservation's unwritten tail, or the unfilled rest of a last block) and external waste (free, in all enough
 * for the request at the head of the queue, but in no piece large enough for it), each as a share of the memory,
 * averaged over the run's time; and the largest batch the memory let run at once.
 */
import type { StepRecord } from './scheduler';

export interface StepWaste {
  internal: number;
  external: number;
}

export interface KvWaste {
  /** Time-weighted mean share of the memory held but unused. */
  internal: number;
  /** Time-weighted mean share of the memory free but unusable by the next request. */
  external: number;
  /** The most requests running in one step. */
  largestBatch: number;
}

/** One step's waste, in tokens. */
export function stepWaste({ kv }: Pick<StepRecord, 'kv'>): StepWaste {
  const free = kv.capacity - kv.held;
  const stranded = kv.headNeeds > kv.largestFree && kv.headNeeds <= free;
  return { internal: kv.held - kv.used, external: stranded ? free : 0 };
}

export function kvWaste(steps: readonly StepRecord[]): KvWaste {
  const time = steps.reduce((s, step) => s + step.seconds, 0);
  const mean = (share: (step: StepRecord) => number) =>
    time > 0 ? steps.reduce((s, step) => s + step.seconds * share(step), 0) / time : 0;
  return {
    internal: mean((step) => stepWaste(step).internal / step.kv.capacity),
    external: mean((step) => stepWaste(step).external / step.kv.capacity),
    largestBatch: Math.max(0, ...steps.map((step) => step.items.length)),
  };
}
