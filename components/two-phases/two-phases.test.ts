import { describe, expect, it } from 'vitest';
import { stepOpCounts, sumCosts, syntheticConfig, type OpTime } from '@engine/index';
import { formatNumber } from '../charts/format';
import { decodePoints, phaseTotals, prefillPoints, type Roof } from '../measured-roofline/measured-roofline';
import { perToken, twoPhaseReadout, twoPhaseText } from './two-phases';

const config = syntheticConfig({ width: 128, layers: 2 });
const T = 128;

/** Every op of a step as its own dispatch, each taking `seconds`. */
function timesFor(cached: number, newTokens: number, seconds: number): OpTime[] {
  return stepOpCounts(config, [{ cached, newTokens }], 1).map((o) => ({
    name: o.name,
    covers: [o.name],
    seconds,
    clock: 'wall-clock' as const,
  }));
}

// 36 dispatches a step: a prefill of 36 × 1 ms, then a decode step of 36 × 0.2 ms.
const points = [
  ...prefillPoints(config, timesFor(0, T, 1e-3), T),
  ...decodePoints(config, timesFor(T, 1, 2e-4), T),
];
/** A whole step's intensity as the engine counts it, formatted. */
function intensity(cached: number, newTokens: number): string {
  const { flops, bytes } = sumCosts(stepOpCounts(config, [{ cached, newTokens }], 1));
  return `${formatNumber(flops / bytes)} FLOP/byte`;
}
const gpu: Roof = { name: 'your device', peak: 4e12, bandwidth: 200e9 };
const cpu: Roof = { name: 'your device', peak: 1e9, bandwidth: 10e9 };

describe("the home page's two phases", () => {
  it('prices a token in each phase from the summed dispatch times', () => {
    const each = perToken(points, T);
    expect(each.prefill).toBeCloseTo((36 * 1e-3) / T, 12);
    expect(each.decode).toBeCloseTo(36 * 2e-4, 12);
    expect(each.ratio).toBeCloseTo((0.2 * T) / 1, 9);
  });

  it('reads out both phases, measured times beside counted intensities', () => {
    expect(twoPhaseReadout(points, T).map((i) => [i.label, i.value, i.provenance])).toEqual([
      ['Prefill, 128 tokens', '36 ms', 'measured'],
      ['Prefill per token', '281 µs', 'measured'],
      ['Decode step, one token', '7.2 ms', 'measured'],
      ['Decode ÷ prefill, per token', '25.6×', 'measured'],
      ['Prefill intensity', intensity(0, T), 'analytic'],
      ['Decode intensity', intensity(T, 1), 'analytic'],
    ]);
  });

  it("places the decode step on the side of this device's ridge where it falls", () => {
    const decode = phaseTotals(points, 'decode');
    expect(twoPhaseText(points, T, 'tiny', gpu, 'webgpu')).toBe(
      'On this GPU, tiny prefilled 128 tokens at 281 µs per token, then took 7.2 ms to decode one more: 25.6 ' +
        'times as long per token (each phase’s time summed over its dispatches, each timed alone). The prefill ' +
        'reads each weight once for all its tokens; the decode step reads every weight again for one token. So the ' +
        'decode step sits left of your ridge (20 FLOP/byte), under the memory slope, where it moved its bytes at ' +
        `${formatNumber((100 * decode.bytes) / decode.seconds / 200e9, 2)} % of your copy bandwidth; what it ` +
        'costs beyond that is mostly the fixed cost of launching each dispatch, large beside a model this small.',
    );
    const cpuText = twoPhaseText(points, T, 'tiny', cpu, 'cpu');
    expect(cpuText).toContain('On the CPU, tiny prefilled');
    expect(cpuText).toContain('Your ridge, 0.1 FLOP/byte, lies below even the decode step');
    expect(cpuText).toMatch(/On a GPU the decode step falls left of the ridge\.$/);
    expect(twoPhaseText(points, T, 'tiny', cpu, 'webgpu')).not.toContain('On a GPU');
  });
});
