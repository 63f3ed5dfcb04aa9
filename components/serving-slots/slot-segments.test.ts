import { describe, expect, it } from 'vitest';
import { CONTINUOUS_RUN, FIXTURE_SLOTS, STATIC_RUN } from './serve-fixture';
import { slotSegments, slotShares } from './slot-segments';

/** Segments in milliseconds, rounded, for reading. */
const inMs = (steps: typeof STATIC_RUN.steps) =>
  slotSegments(steps).map((s) => [
    s.slot,
    s.request,
    s.state,
    Math.round(s.start * 1000),
    Math.round(s.end * 1000),
  ]);

describe('the slots step by step', () => {
  it('merges a request’s steps in its slot while it does the same thing, and shows static batching’s padding', () => {
    expect(inMs(STATIC_RUN.steps)).toEqual([
      [0, 0, 'prefill', 0, 10],
      [1, 1, 'prefill', 0, 10],
      [0, 0, 'decode', 10, 30],
      [1, 1, 'idle', 10, 30],
      [0, 2, 'prefill', 30, 40],
      [0, 2, 'decode', 40, 50],
    ]);
    expect(inMs(CONTINUOUS_RUN.steps)).toEqual([
      [0, 0, 'prefill', 0, 10],
      [1, 1, 'prefill', 0, 10],
      [0, 0, 'decode', 10, 30],
      [1, 2, 'prefill', 10, 20],
      [1, 2, 'decode', 20, 30],
    ]);
  });

  it('starts a new segment after a gap in time', () => {
    const [first, second] = CONTINUOUS_RUN.steps.slice(1);
    const later = { ...second!, start: second!.start + 0.005 };
    expect(slotSegments([first!, later]).filter((s) => s.request === 0)).toHaveLength(2);
  });

  it('shares the slots’ time among working, held idle and empty', () => {
    // Static: of 5 steps × 2 slots, 6 slot-steps work, 2 hold the finished second request, 2 are empty.
    const still = slotShares(STATIC_RUN.steps, FIXTURE_SLOTS);
    expect(still.working).toBeCloseTo(0.6, 12);
    expect(still.idle).toBeCloseTo(0.2, 12);
    expect(still.empty).toBeCloseTo(0.2, 12);
    expect(still.prefillSteps).toBe(2);
    expect(still.working).toBeCloseTo(STATIC_RUN.metrics.utilisation, 12);
    const moving = slotShares(CONTINUOUS_RUN.steps, FIXTURE_SLOTS);
    expect([moving.working, moving.idle, moving.empty, moving.prefillSteps]).toEqual([1, 0, 0, 2]);
    expect(slotShares([], FIXTURE_SLOTS)).toEqual({ working: 0, idle: 0, empty: 0, prefillSteps: 0 });
  });
});
