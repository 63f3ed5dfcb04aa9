import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import { headGrouping } from './head-grouping';
import { headGroupingChart } from './head-grouping-chart';

describe('head grouping chart', () => {
  it('renders the saved SVG of Llama 2 13B at K = 8', async () => {
    const grouping = headGrouping(analytic.modelById('llama-2-13b'), 8);
    await expect(renderSvg(headGroupingChart(grouping), 640, 220)).toMatchFileSnapshot(
      './__snapshots__/head-grouping-llama-2-13b-k8.svg',
    );
  });
});
