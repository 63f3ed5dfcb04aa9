import { describe, expect, it } from 'vitest';
import type { ActivationOutliersResult } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import {
  channelChart,
  channelList,
  channelRows,
  describeChannels,
  describeErrors,
  errorChart,
  errorRows,
  plantSentence,
  THRESHOLDS,
  trainedSentence,
} from './outlier-charts';
import { promptCodec } from '../controls/prompt-codec';

/** 48 channels with max |x| between about 0.5 and 5 (seeded), means a third of that. */
function channels(seed: number): number[] {
  let s = seed;
  return Array.from({ length: 48 }, () => {
    s = (s * 16807) % 2147483647;
    return 0.5 + 4.5 * (s / 2147483647) ** 2;
  });
}

const thresholds = [...THRESHOLDS];
const shippedMax = channels(7);
shippedMax[20] = 5.09;

/** A hand-made result of the model as trained: no channel reaches 6. */
const trained: ActivationOutliersResult = {
  tokens: 34,
  truncated: false,
  layer: 2,
  site: 'attention',
  maxAbs: shippedMax,
  meanAbs: shippedMax.map((m) => m / 3),
  largest: { channel: 20, maxAbs: 5.09 },
  outlierThreshold: 6,
  outlierChannels: [],
  thresholds,
  outliersAt: thresholds.map((t) => shippedMax.flatMap((m, i) => (m >= t ? [i] : []))),
  errors: {
    perTensor: 0.0053,
    perToken: 0.0039,
    weightsOnly: 0.0026,
    decomposed: thresholds.map((t) => (t <= 1 ? 0.0026 : t >= 6 ? 0.0039 : 0.0026 + 0.00026 * t)),
  },
  projections: [
    {
      name: 'q',
      O: 384,
      perTensor: 0.005,
      perToken: 0.004,
      weightsOnly: 0.0025,
      decomposed: thresholds.map(() => 0.003),
    },
  ],
  plant: null,
  unplanted: {
    largest: { channel: 20, maxAbs: 5.09 },
    outlierChannels: [],
    errors: { perTensor: 0.0053, perToken: 0.0039, weightsOnly: 0.0026 },
  },
};

/** The same site with channel 20 planted ×20. */
const plantedMax = shippedMax.map((m, i) => (i === 20 ? m * 20 : m));
const planted: ActivationOutliersResult = {
  ...trained,
  maxAbs: plantedMax,
  largest: { channel: 20, maxAbs: 101.8 },
  outlierChannels: [20],
  outliersAt: thresholds.map((t) => plantedMax.flatMap((m, i) => (m >= t ? [i] : []))),
  errors: {
    perTensor: 0.0854,
    perToken: 0.0249,
    weightsOnly: 0.0047,
    decomposed: thresholds.map((t) => (t <= 1 ? 0.0047 : t > 100 ? 0.0249 : 0.0047 + 0.00002 * t)),
  },
  plant: { channel: 20, factor: 20, logitChange: 9.22e-8 },
};

describe('the activation outliers’ words and tables', () => {
  it('says plainly when the trained model has no outlier, and what planting one does', () => {
    expect(trainedSentence(trained, 'prose-target')).toBe(
      "In prose-target as trained, no channel of layer 2's attention input reaches 6 on this prompt: the largest " +
        'max |x| is 5.09 (channel 20). LLM.int8() found such outliers in every layer of models from about 6.7 ' +
        'billion parameters; a model this small has none to show, so plant one to see what they do.',
    );
    expect(
      trainedSentence({ ...trained, unplanted: { ...trained.unplanted, outlierChannels: [3, 9] } }, 'm'),
    ).toBe(
      "In m as trained, 2 channels of layer 2's attention input reach 6 on this prompt (channels 3 and 9); the " +
        'largest max |x| is 5.09 (channel 20).',
    );
    expect(plantSentence(planted, 6)).toBe(
      'Planting channel 20 ×20 makes its max |x| 102, yet the logits change by 9.2 × 10⁻⁸ of their largest: the ' +
        "model computes the same function. Per-tensor int8's error goes from 0.53 % to 8.54 %, per-token's from " +
        '0.39 % to 2.49 %; decomposing at 6 (1 column in f32) gives 0.482 %, against 0.47 % for int8 weights alone.',
    );
    expect(plantSentence({ ...planted, plant: { channel: 20, factor: 4, logitChange: 0 } }, 6)).toContain(
      'yet the logits change not at all:',
    );
    expect(plantSentence(trained, 6)).toContain('grow one channel c times at the norm while the weights');
    expect(plantSentence({ ...trained, site: 'down' }, 6)).toContain('c times at the up projection while');
  });

  it('describes both charts and tabulates them', () => {
    expect(describeChannels(planted, 6)).toBe(
      "Max |x| of each of the 48 channels of layer 2's attention input over 34 tokens: the largest is 102 " +
        '(channel 20); 1 reaches the threshold of 6 (channel 20).',
    );
    expect(describeErrors(trained, 6)).toMatch(
      /^Output error of q, k and v against the f32 product, int8 weights/,
    );
    expect(channelRows(planted, 6)[20]).toEqual(['20', '102', '1.7', 'yes']);
    const rows = errorRows(planted);
    expect(rows[0]).toEqual(['int8 per tensor', '0', '8.54', '0.5']);
    expect(rows.at(-1)).toEqual(['f32 (int8 weights only)', '48', '0.47', '0.25']);
    expect(channelList([1, 7, 220])).toBe('channels 1, 7 and 220');
  });

  it('renders the saved SVGs, at the page’s width and a phone’s', async () => {
    await expect(renderSvg(channelChart(trained, 4), 640, 260)).toMatchFileSnapshot(
      './__snapshots__/outliers-channels-trained.svg',
    );
    await expect(renderSvg(channelChart(planted, 6), 390, 260)).toMatchFileSnapshot(
      './__snapshots__/outliers-channels-planted-phone.svg',
    );
    await expect(renderSvg(errorChart(trained, 6), 640, 260)).toMatchFileSnapshot(
      './__snapshots__/outliers-errors-trained.svg',
    );
    await expect(renderSvg(errorChart(planted, 6), 390, 260)).toMatchFileSnapshot(
      './__snapshots__/outliers-errors-planted-phone.svg',
    );
  });
});

describe('promptCodec', () => {
  it('keeps a prompt as written, and cuts a linked one that is too long with a note', () => {
    const codec = promptCodec('Hi', 5);
    expect(codec.parse('Emma ')).toEqual({ value: 'Emma ' });
    expect(codec.parse('Emma Woodhouse')).toEqual({
      value: 'Emma ',
      note: 'The prompt was cut to its first 5 characters.',
    });
    expect(codec.format('a b')).toBe('a b');
  });
});
