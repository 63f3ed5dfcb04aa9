import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import { costChart } from './cost-chart';
import { bestOf, CONTEXT_ALPHAS, speculativePair, speedupCurve } from './cost-curves';

describe('the analytic speedup chart', () => {
  it('renders the saved SVG: Llama 2 70B and 7B on an M1 Max, where long verifications turn compute-bound', async () => {
    const pair = speculativePair(analytic.hardwareById('apple-m1-max'), 'int4');
    const curve = speedupCurve(pair, 0.75, 1024);
    const context = CONTEXT_ALPHAS.map((alpha) => speedupCurve(pair, alpha, 1024));
    const spec = costChart({ curve, context, chosen: curve[3]!, best: bestOf(curve) });
    await expect(renderSvg(spec)).toMatchFileSnapshot('./__snapshots__/speculative-cost-m1-max-int4.svg');
  });
});
