import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import { attentionTimeChart, blockCostChart, EMPTY_SLOTS, MEASURED, TABLE_ENTRIES } from './block-charts';
import { BLOCK_SIZES } from './block-request';
import { streamLengths } from './stream-lengths';

const points = BLOCK_SIZES.map((blockSize, i) => ({ blockSize, seconds: (30 - 2 * i) * 1e-6 }));
const costs = BLOCK_SIZES.map((size) => analytic.blockWaste(streamLengths(256), size));

describe('the block-size charts', () => {
  it('draws the measured calls in µs, or in ms once a call takes one', () => {
    const fast = renderSvg(attentionTimeChart(points, 16));
    expect(fast).toContain('↑ Attention call (µs)');
    expect(fast).toContain(MEASURED);
    expect(fast).toContain('16 per block');
    const slow = points.map((p) => ({ ...p, seconds: p.seconds * 100 }));
    expect(renderSvg(attentionTimeChart(slow, 16))).toContain('↑ Attention call (ms)');
  });

  it('renders the saved SVGs: before measuring, measured, and the counted costs', async () => {
    await expect(renderSvg(attentionTimeChart([], 16))).toMatchFileSnapshot(
      './__snapshots__/attention-time-empty.svg',
    );
    await expect(renderSvg(attentionTimeChart(points, 4))).toMatchFileSnapshot(
      './__snapshots__/attention-time.svg',
    );
    const counted = renderSvg(blockCostChart(costs, 32));
    expect(counted).toContain(EMPTY_SLOTS);
    expect(counted).toContain(TABLE_ENTRIES);
    expect(counted).toContain('32 per block');
    await expect(counted).toMatchFileSnapshot('./__snapshots__/block-costs.svg');
  });
});
