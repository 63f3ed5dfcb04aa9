/**
 * A policy's steps slot by slot: what each slot held during each step, merged into segments where one request stays
 * in one slot doing the same thing over consecutive steps, and the shares of slot time working, held idle and empty.
 * A slot works when its request is in the step (prefilling or decoding); it is held idle when its request holds it
 * but is not in the step, which under static batching is a finished request waiting for the rest of its batch: the
 * padding continuous batching removes. Times are the scheduler's clock, measured step by step.
 */
import type { StepRecord } from '@engine/index';

export type SlotState = 'prefill' | 'decode' | 'idle';

export interface SlotSegment {
  /** 0-based slot. */
  slot: number;
  request: number;
  state: SlotState;
  /** Seconds since the stream started. */
  start: number;
  end: number;
}

/** What a slot's request did in the step: its phase, or idle when it is not in the step. */
function stateIn(step: StepRecord, request: number): SlotState {
  return step.items.find((item) => item.request === request)?.phase ?? 'idle';
}

/** The steps' slots as segments, in order of start time. */
export function slotSegments(steps: readonly StepRecord[]): SlotSegment[] {
  const segments: SlotSegment[] = [];
  const open = new Map<number, SlotSegment>();
  for (const step of steps) {
    const end = step.start + step.seconds;
    step.slots.forEach((request, slot) => {
      const last = open.get(slot);
      if (request === null) {
        open.delete(slot);
        return;
      }
      const state = stateIn(step, request);
      // The scheduler's clock adds each step's seconds to its start: the next step starts where this one ended.
      if (last && last.request === request && last.state === state && last.end === step.start) {
        last.end = end;
        return;
      }
      const segment = { slot, request, state, start: step.start, end };
      segments.push(segment);
      open.set(slot, segment);
    });
  }
  return segments;
}

export interface SlotShares {
  /** Shares of the slots' time while steps ran: working, held by a request not in the step, and empty. */
  working: number;
  idle: number;
  empty: number;
  /** Steps that prefilled at least one request. */
  prefillSteps: number;
}

export function slotShares(steps: readonly StepRecord[], slots: number): SlotShares {
  const sum = (f: (step: StepRecord) => number) => steps.reduce((s, step) => s + step.seconds * f(step), 0);
  const total = slots * sum(() => 1);
  const share = (f: (step: StepRecord) => number) => (total > 0 ? sum(f) / total : 0);
  return {
    working: share((s) => s.items.length),
    idle: share((s) => s.occupied - s.items.length),
    empty: share((s) => slots - s.occupied),
    prefillSteps: steps.filter((s) => s.items.some((item) => item.phase === 'prefill')).length,
  };
}
