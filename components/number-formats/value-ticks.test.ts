import { describe, expect, it } from 'vitest';
import { logStops, signedLogStops } from './value-ticks';

describe('value stops', () => {
  it('has seven clean stops a decade', () => {
    expect(logStops(-1, 1)).toEqual([0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1, 1.5, 2, 3, 4, 5, 7, 10]);
  });

  it('mirrors them about zero, ascending', () => {
    const stops = signedLogStops(-4, 5);
    expect(stops).toHaveLength(2 * (9 * 7 + 1) + 1);
    expect([stops[0], stops[64], stops.at(-1)]).toEqual([-1e5, 0, 1e5]);
    expect(stops.every((v, i) => i === 0 || v > stops[i - 1]!)).toBe(true);
  });
});
