import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { intensityDomain, roofPoints } from '../charts/roofline-axes';
import { rooflineChart } from './roofline-chart';

const h100 = { peak: 989.4e12, bandwidth: 3.35e12 };

describe('rooflineChart', () => {
  it('spans the ridge and the ops by whole decades', () => {
    // Ridge 295 and op 1: a third of the smallest, ten times the largest, out to whole decades.
    expect(intensityDomain({ ...h100, ops: [{ label: 'decode', intensity: 1, flops: 3.35e12 }] })).toEqual([
      0.1, 10000,
    ]);
  });

  it('meets the slope and the ceiling at the ridge', () => {
    const { slope, ceiling } = roofPoints(h100.peak, h100.bandwidth, [0.1, 1000]);
    expect(slope.at(-1)?.intensity).toBeCloseTo(295.34, 2);
    expect(slope.at(-1)?.flops).toBeCloseTo(989.4e12, 0);
    expect(ceiling[0]).toEqual(slope.at(-1));
  });

  it('renders the saved SVG for an H100 with a decode op', async () => {
    const svg = renderSvg(
      rooflineChart({ ...h100, ops: [{ label: '(1×4096)·(4096×4096)', intensity: 1, flops: 3.35e12 }] }),
    );
    expect(svg).toContain('ridge 295 FLOP/byte');
    await expect(svg).toMatchFileSnapshot('./__snapshots__/roofline-h100-decode.svg');
  });
});
