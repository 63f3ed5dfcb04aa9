import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import {
  attentionIntensityChart,
  intensitiesAt,
  intensitySeries,
  type AttentionIntensityQuestion,
} from './attention-intensity-chart';

const question: AttentionIntensityQuestion = {
  shape: analytic.modelById('llama-2-7b').shape,
  dtype: 'bf16',
  B: 1,
  S: 4096,
  causal: false,
  ridge: 295.34,
};

describe('attention intensity chart', () => {
  it('gives S/2 for prefill, S/(S+1) for decode, and about B for the MLP', () => {
    const [prefill, decode, mlp] = intensitiesAt(question, 4096);
    expect(prefill?.intensity).toBeCloseTo(2048, 9);
    expect(decode?.intensity).toBeCloseTo(4096 / 4097, 12);
    // (1×4096)·(4096×11008): 4096·11008 ÷ (4096 + 4096·11008 + 11008)
    expect(mlp?.intensity).toBeCloseTo((4096 * 11008) / (4096 + 4096 * 11008 + 11008), 12);
  });

  it('moves only the MLP line when the batch grows', () => {
    const [prefill, decode, mlp] = intensitiesAt({ ...question, B: 64 }, 4096);
    expect(prefill?.intensity).toBeCloseTo(2048, 9);
    expect(decode?.intensity).toBeCloseTo(4096 / 4097, 12);
    expect(mlp?.intensity).toBeGreaterThan(60);
  });

  it('adds the marked context to the sweep once', () => {
    const contexts = intensitySeries({ ...question, S: 3000 }).map((p) => p.S);
    expect(contexts.filter((S) => S === 3000)).toHaveLength(3);
    expect(intensitySeries(question).filter((p) => p.S === 4096)).toHaveLength(3);
  });

  it('renders the saved SVG', async () => {
    await expect(renderSvg(attentionIntensityChart(question))).toMatchFileSnapshot(
      './__snapshots__/attention-intensity-llama-2-7b.svg',
    );
  });
});
