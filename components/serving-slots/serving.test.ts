import { describe, expect, it } from 'vitest';
import { requestStream } from '@engine/index';
import { DEFAULT_SETTINGS, servePlan } from './serve-request';
import { SERVE_RESULT, STREAMED } from './serve-fixture';
import { policySteps, streamRequests } from './serving';

describe('a serving run as the widget holds it', () => {
  it('draws the requests the job will serve without their text: arrivals and lengths do not depend on it', () => {
    const plan = servePlan(DEFAULT_SETTINGS);
    const text = Array.from({ length: 5000 }, (_, i) => (i * 7) % 2048);
    const served = requestStream({ ...plan.stream, source: text });
    const drawn = streamRequests(plan);
    expect(drawn).toEqual(
      served.map((r) => ({
        id: r.id,
        arrival: r.arrival,
        promptTokens: r.prompt.length,
        maxNewTokens: r.maxNewTokens,
      })),
    );
    expect(drawn).toHaveLength(12);
    expect(drawn[0]!.arrival).toBeGreaterThan(0);
  });

  it("gives each run its streamed steps, then the result's", () => {
    const { runs } = servePlan(DEFAULT_SETTINGS);
    const partway = { streamed: STREAMED.slice(0, 6) };
    expect(policySteps(partway, runs).map((p) => [p.policy, p.steps.length])).toEqual([
      ['static', 5],
      ['continuous', 1],
    ]);
    expect(policySteps({ streamed: [] }, runs).map((p) => p.steps)).toEqual([[], []]);
    const done = policySteps({ streamed: [], result: SERVE_RESULT }, runs);
    expect(done.map((p) => p.steps)).toEqual(SERVE_RESULT.runs.map((r) => r.steps));
    // A run is its policy and its reservation: contiguous steps are not the paged run's.
    const contiguous = [{ policy: 'continuous' as const, reservation: 'contiguous' as const }];
    expect(policySteps(partway, contiguous)[0]!.steps).toEqual([]);
  });
});
