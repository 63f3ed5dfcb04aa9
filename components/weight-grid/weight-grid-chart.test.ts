import { describe, expect, it } from 'vitest';
import type { IntScheme, WeightGridResult } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import {
  describeErrors,
  describeGroup,
  describeHistogram,
  errorRows,
  groupChart,
  groupRows,
  histogramChart,
} from './weight-grid-chart';
import { intScheme, tensorLabel, tensorName } from './weight-grid-options';

const int4 = intScheme(4, '128', false);
const scale = 0.01;
/** 16 weights spread over ±0.07 and where int4 at scale 0.01 stores them. */
const values = Array.from({ length: 16 }, (_, i) => Number((Math.sin(i * 1.7) * 0.07).toFixed(4)));
const error = (
  scheme: IntScheme,
  name: string,
  bitsPerWeight: number,
  rmsError: number,
  maxError: number,
) => ({
  scheme,
  name,
  bitsPerWeight,
  rmsError,
  maxError,
});

/** A hand-made result: a bell-shaped histogram, one int4 group, three schemes' errors. */
const result: WeightGridResult = {
  tensor: 'model.layers.2.mlp.down_proj.weight',
  O: 384,
  I: 1024,
  rms: 0.0276,
  absMax: 0.2061,
  histogram: Array.from({ length: 30 }, (_, k) => ({
    x0: -0.2061 + k * 0.01374,
    x1: -0.2061 + (k + 1) * 0.01374,
    count: Math.round(40_000 * Math.exp(-(((k - 14.5) / 4) ** 2))),
  })),
  group: {
    row: 5,
    start: 0,
    size: 16,
    scale,
    zero: 8,
    levels: Array.from({ length: 15 }, (_, k) => (k - 7) * scale),
    values,
    stored: values.map((w) => Math.round(w / scale) * scale),
    maxError: 0.005,
  },
  errors: [
    error(intScheme(8, 'row', false), 'int8 per channel', 8.015625, 0.0081, 0.029),
    error(int4, 'int4 g128', 4.125, 0.1196, 0.533),
    error(intScheme(2, '64', false), 'int2 g64', 2.25, 0.7201, 3.271),
  ],
  chosen: 1,
};

describe('the weight grid’s words and tables', () => {
  it('names tensors as the model’s files do', () => {
    expect(tensorName(2, 'down')).toBe('model.layers.2.mlp.down_proj.weight');
    expect(tensorName(0, 'k')).toBe('model.layers.0.self_attn.k_proj.weight');
    expect(tensorLabel(2, 'gate')).toBe("layer 2's MLP gate projection");
  });

  it('describes the group, the histogram and the errors', () => {
    expect(describeGroup(result, tensorLabel(2, 'down'))).toBe(
      "The first 16 weights of row 5 of layer 2's MLP down projection in int4 g128: 15 levels 0.01 apart (the " +
        "group's f16 scale), from −0.07 to 0.07. Each weight is stored as its nearest level, moving by 0.005 at most.",
    );
    expect(describeHistogram(result)).toBe(
      "The tensor's 384 rows of 1,024 weights lie from −0.206 to 0.206, most of them near zero: their RMS is " +
        "0.0276, the largest magnitude 0.206. The dashed lines mark the range of row 5's group grid.",
    );
    expect(describeErrors(result)).toBe(
      "Round to nearest over the whole tensor, its RMS error as a share of the weights' RMS (bits per weight count " +
        'the scales and zero-points): int8 per channel 0.81 %, int4 g128 12 %, int2 g64 72 %.',
    );
    expect(errorRows(result)[1]).toEqual(['int4 g128 (shown)', '4.125', '12 %', '0.533']);
    expect(groupRows(result)[1]).toEqual(['1', '0.0694', '0.07']);
  });

  it('renders the saved SVGs, at the page’s width and a phone’s', async () => {
    await expect(renderSvg(groupChart(result), 640, 200)).toMatchFileSnapshot(
      './__snapshots__/weight-grid-group-int4.svg',
    );
    await expect(renderSvg(groupChart(result), 390, 200)).toMatchFileSnapshot(
      './__snapshots__/weight-grid-group-int4-phone.svg',
    );
    await expect(renderSvg(histogramChart(result), 640, 220)).toMatchFileSnapshot(
      './__snapshots__/weight-grid-histogram.svg',
    );
    await expect(renderSvg(histogramChart(result), 390, 220)).toMatchFileSnapshot(
      './__snapshots__/weight-grid-histogram-phone.svg',
    );
  });
});
