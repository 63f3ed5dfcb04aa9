// The encoding benchmark runs end to end on its tiny model in the test browser; its times there are not performance.
import { describe, expect, it } from 'vitest';
import { encodeBench } from './encode-bench';

describe('encoding benchmark', () => {
  it("reports each round of the whole step, the engine's script and the WebGPU calls, with their medians", async () => {
    const report = await encodeBench(undefined, { tiny: true, log: () => {} });
    expect(report.layers).toBe(2);
    // 1 embedding + 6 per layer + 3 for the logits, as the main benchmark's tiny overhead model.
    expect(report.dispatches).toBe(1 + 2 * 6 + 3);
    for (const [rounds, middle] of [
      [report.roundSeconds, report.medianSeconds],
      [report.scriptRoundSeconds, report.medianScriptSeconds],
      [report.callRoundSeconds, report.medianCallSeconds],
    ] as const) {
      expect(rounds).toHaveLength(3);
      // A round may read as 0 under a coarse browser clock; never negative or missing.
      expect(rounds.every((s) => Number.isFinite(s) && s >= 0)).toBe(true);
      expect([...rounds].sort((a, b) => a - b)[1]).toBe(middle);
    }
  });
});
