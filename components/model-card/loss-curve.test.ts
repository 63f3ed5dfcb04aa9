import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { describeLossCurves, lossCurveChart, lossCurveRows } from './loss-curve';

const points = [
  { step: 50, tokens: 819200, train_loss: 6.6, val_loss: 6.2 },
  { step: 100, tokens: 1638400, train_loss: 4.1, val_loss: 4.4 },
  { step: 150, tokens: 2457600, train_loss: 3.2, val_loss: 4.5 },
];
const curves = [
  { label: 'distilled', points },
  { label: 'from scratch', points: points.map((p) => ({ ...p, val_loss: p.val_loss + 0.1 })) },
];

describe('loss curves', () => {
  it('names the best validation point of each run', () => {
    expect(describeLossCurves(curves)).toBe(
      'distilled: validation loss (solid) lowest at 4.4 nats per token after 1.64 M tokens; training loss dashed. ' +
        'from scratch: validation loss (solid) lowest at 4.5 nats per token after 1.64 M tokens; training loss dashed.',
    );
  });

  it('tabulates every point', () => {
    expect(lossCurveRows(curves)).toHaveLength(6);
    expect(lossCurveRows(curves)[0]).toEqual(['distilled', '50', '0.8192', '6.6', '6.2']);
  });

  it('renders the saved SVG', async () => {
    await expect(renderSvg(lossCurveChart(curves))).toMatchFileSnapshot('./__snapshots__/loss-curve.svg');
  });
});
