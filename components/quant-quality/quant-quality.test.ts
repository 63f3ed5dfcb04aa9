import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig, schemeName, type TextScore, type WeightScheme } from '@engine/index';
import { renderSvg } from '../charts/render-svg';
import { TEST_CPU, testAdapter } from '../testing/probes';
import { placeLabels, textWidth } from './point-labels';
import {
  clampWindows,
  describeQuality,
  describeStored,
  formatChange,
  linearBits,
  qualityCells,
  qualityColumns,
  qualityReadout,
  qualityRows,
  qualityShape,
  type QualityResult,
} from './quant-quality';
import { MEASURED, qualityChart } from './quant-quality-chart';
import { QUALITY_SCHEMES } from './quality-schemes';
import { REFERENCE, referenceScore, type QuantizedPerplexityFixture } from './reference';

const root = new URL('../../', import.meta.url);
// The shipped target: D = 384, F = 1024, N = 6 and K = 2 heads of H = 64.
const config = parseConfig(
  JSON.parse(readFileSync(new URL('public/models/prose-target/config.json', root), 'utf8')),
);

/** Scores in the shape of the real ones: int8 as f32, int4 under 1 % worse, int3 3 %, int2 twice f32's. */
const PERPLEXITY: Record<string, number> = {
  f32: 27.33,
  f16: 27.33,
  'int8 per channel': 27.32,
  'int4 g128': 27.42,
  'int4 g64': 27.48,
  'int4 g32': 27.41,
  'int4 g128 zp': 27.54,
  'int3 g64': 28.16,
  'int2 g64': 56.67,
  W8A8: 27.33,
  'W8A8 + f32 outliers ≥ 6': 27.32,
  'AWQ int4 g128': 27.42,
};
/** As the engine stores the target: an f32 embedding, a 16-bit copy of the head below f32, the block linears. */
const weightBytes = (w: WeightScheme) =>
  3.1e6 + (w.kind === 'f32' ? 0 : 1.6e6) + (9437184 * linearBits(config, w)) / 8;
const textScore = (
  weights: WeightScheme,
  windows: number,
  perplexity = PERPLEXITY[schemeName(weights)]!,
): TextScore => ({
  meanNll: Math.log(perplexity),
  perplexity,
  tokens: 255 * windows,
  windows,
  scheme: weights,
  weightBytes: weightBytes(weights),
});
const result = (windows: number, count = QUALITY_SCHEMES.length): QualityResult => ({
  windows,
  scores: QUALITY_SCHEMES.slice(0, count).map((scheme) => ({
    scheme,
    score: textScore(scheme.weights, windows),
  })),
});

/** A reference 0.1 % below every measurement, on one window and on eight, without W8A8 and AWQ rows. */
const fixture: QuantizedPerplexityFixture = {
  device: 'NVIDIA H200',
  torch: '2.5.1',
  schemes: QUALITY_SCHEMES.filter((s) => !s.awq && s.weights.kind !== 'w8a8').map(({ name, weights }) => {
    const p = PERPLEXITY[name]! * 0.999;
    const nll = (tokens: number) => ({ nats_per_token: Math.log(p), perplexity: p, tokens_scored: tokens });
    return { scheme: name, bits_per_weight: linearBits(config, weights), ...nll(255), heldout: nll(2040) };
  }),
};

const BITS = [QUALITY_SCHEMES.find((s) => s.name === 'int2 g64')!, QUALITY_SCHEMES[0]!].map((s) =>
  linearBits(config, s.weights),
) as [number, number];

describe('the schemes and their bits', () => {
  it('measures f32 first, down to the int2 cliff, under engine/quant’s names', () => {
    expect(QUALITY_SCHEMES.map((s) => s.name)).toEqual([
      'f32',
      'f16',
      'int8 per channel',
      'int4 g128',
      'int4 g64',
      'int4 g32',
      'int4 g128 zp',
      'int3 g64',
      'int2 g64',
      'W8A8',
      'W8A8 + f32 outliers ≥ 6',
      'AWQ int4 g128',
    ]);
  });

  it('counts bits per weight of the block linears, scales and zero-points included', () => {
    // An f16 scale per group of g adds 16/g bits; per channel, 16/I of each matrix: 3,456 output rows of 16 bits
    // over the 1,572,864 weights of a layer's seven linears.
    expect(QUALITY_SCHEMES.map((s) => linearBits(config, s.weights))).toEqual([
      32,
      16,
      8 + (3456 * 16) / 1572864,
      4.125,
      4.25,
      4.5,
      4.25,
      3.25,
      2.25,
      8 + (3456 * 16) / 1572864,
      8 + (3456 * 16) / 1572864,
      4.125,
    ]);
  });

  it('agrees with the PyTorch reference on every scheme’s bits per weight', () => {
    for (const { name, weights } of QUALITY_SCHEMES) {
      const reference = REFERENCE.schemes.find((s) => s.scheme === name);
      expect(reference?.bits_per_weight, name).toBeCloseTo(linearBits(config, weights), 12);
    }
  });

  it('scores a window in one prefill step with every logit row kept', () => {
    expect(qualityShape(256)).toEqual({ blockSize: 16, numBlocks: 16, maxTokens: 256, maxLogitRows: 256 });
  });

  it('scores up to eight windows on a GPU and one on the CPU fallback, saying so', () => {
    expect(clampWindows(testAdapter(2 ** 30), 8)).toEqual({ windows: 8, note: '' });
    expect(clampWindows(undefined, 12).windows).toBe(8);
    expect(clampWindows(TEST_CPU, 1)).toEqual({ windows: 1, note: '' });
    expect(clampWindows(TEST_CPU, 4)).toEqual({
      windows: 1,
      note: 'On the CPU each scheme scores one window.',
    });
    expect(clampWindows(TEST_CPU, 4, 'model')).toEqual({
      windows: 1,
      note: 'On the CPU each model scores one window.',
    });
  });
});

describe('the measured rows', () => {
  it('compare each scheme with f32 and set the reference beside it when it scored the same tokens', () => {
    const rows = qualityRows(result(8), config, fixture);
    expect(rows.map((r) => [r.name, r.change! * 100])).toEqual(
      QUALITY_SCHEMES.map(({ name }) => [name, expect.closeTo((PERPLEXITY[name]! / 27.33 - 1) * 100, 9)]),
    );
    expect(rows[3]!.reference).toEqual({
      nats_per_token: Math.log(27.42 * 0.999),
      perplexity: 27.42 * 0.999,
      tokens_scored: 2040,
      device: 'NVIDIA H200',
    });
    expect(qualityRows(result(1), config, fixture)[0]!.reference?.tokens_scored).toBe(255);
    // The reference scored one window and eight; on four, or on other tokens, there is nothing to compare.
    expect(qualityRows(result(4), config, fixture).some((r) => r.reference)).toBe(false);
    const otherTokens: QualityResult = {
      windows: 1,
      scores: [{ scheme: QUALITY_SCHEMES[0]!, score: { ...textScore({ kind: 'f32' }, 1), tokens: 200 } }],
    };
    expect(qualityRows(otherTokens, config, fixture)[0]!.reference).toBeUndefined();
    expect(referenceScore(fixture, 'int5 g7', 1)).toBeUndefined();
  });

  it('marks a scheme still being scored, and compares nothing until f32 is scored to the end', () => {
    const streaming: QualityResult = {
      windows: 8,
      scores: [{ scheme: QUALITY_SCHEMES[0]!, score: textScore({ kind: 'f32' }, 3) }],
    };
    const [row] = qualityRows(streaming, config, fixture);
    expect([row!.complete, row!.change, row!.reference]).toEqual([false, undefined, undefined]);
    expect(qualityCells(row!).slice(5)).toEqual(['—', '765 (scoring…)', '—']);
    expect(describeQuality([row!], 'this GPU', 256)).toBe(
      'Measured on this GPU: no scheme has been scored to the end yet.',
    );
  });

  it('tables every number with its unit and provenance', () => {
    const rows = qualityRows(result(8), config, fixture);
    const columns = qualityColumns(fixture);
    // Every column but the scheme's says in brackets how its numbers were found; the last, where the reference was.
    expect(
      columns.slice(1).filter((c) => !/\(.*\b(counted|engine|measured|reference)\b.*\)$/.test(c)),
    ).toEqual([]);
    expect(columns.at(-1)).toBe('Perplexity (reference: PyTorch, NVIDIA H200)');
    expect(columns).toHaveLength(qualityCells(rows[3]!).length);
    expect(qualityCells(rows[3]!)).toEqual([
      'int4 g128',
      '4.13',
      '9.57',
      '3.311',
      '27.42',
      '+0.33 %',
      '2,040',
      '27.39',
    ]);
    expect(qualityCells(rows[1]!)).toEqual(['f16', '16', '23.6', '3.308', '27.33', '0 %', '2,040', '27.3']);
    expect(qualityCells(qualityRows(result(4), config, fixture)[2]!)).toEqual([
      'int8 per channel',
      '8.04',
      '14.2',
      '3.308',
      '27.32',
      '−0.037 %',
      '1,020',
      '—',
    ]);
  });

  it('says what the measurements show, in sentences computed from them', () => {
    expect(describeQuality(qualityRows(result(8), config, fixture), 'this GPU', 256)).toBe(
      'Measured on this GPU, 8 windows of 256 held-out tokens (2,040 predictions per scheme): f32 scores a ' +
        'perplexity of 27.33 (3.308 nats per token). int4 g128, at 4.13 bits per weight, stays within 1 % of ' +
        'it (+0.33 %). int2 g64, at 2.25 bits per weight, scores 56.67, 2.1 times f32’s. The PyTorch reference ' +
        '(NVIDIA H200), on the same tokens, agrees within 0.1 % for each of the 9 schemes it scored.',
    );
    expect(describeQuality(qualityRows(result(1, 3), config, fixture), 'the CPU', 256)).toBe(
      'Measured on the CPU, one window of 256 held-out tokens (255 predictions per scheme): f32 scores a ' +
        'perplexity of 27.33 (3.308 nats per token). int8 per channel, at 8.04 bits per weight, stays within 1 % ' +
        'of it (−0.037 %). The PyTorch reference (NVIDIA H200), on the same tokens, agrees within 0.1 % for each ' +
        'of the 3 schemes it scored.',
    );
    expect(describeQuality(qualityRows(result(4, 8), config, fixture), 'this GPU', 256)).toBe(
      'Measured on this GPU, 4 windows of 256 held-out tokens (1,020 predictions per scheme): f32 scores a ' +
        'perplexity of 27.33 (3.308 nats per token). int4 g128, at 4.13 bits per weight, stays within 1 % of ' +
        'it (+0.33 %). int3 g64, at 3.25 bits per weight, scores 28.16, +3 % on f32. The PyTorch reference ' +
        'scored one window and 8 windows; choose one of those to see it beside these.',
    );
  });

  it('says how much less all the stored weights shrink than the block linears', () => {
    expect(describeStored(qualityRows(result(8), config, fixture))).toBe(
      'Bits per weight count only the block linears, scales and zero-points included. The embedding stays in f32 ' +
        'and the output head in 16 bits, so all the weights as the engine stores them shrink less: from 40.8 MB ' +
        '(f32) to 7.35 MB (int2 g64), 5.6 times smaller, against 14 times fewer bits per weight.',
    );
    expect(describeStored(qualityRows(result(8, 1), config, fixture))).toBeUndefined();
    expect([formatChange(-0.0005), formatChange(0.032), formatChange(0)]).toEqual([
      '−0.05 %',
      '+3.2 %',
      '0 %',
    ]);
  });

  it('reads out f32, the cheapest scheme near it, and the cliff, all measured', () => {
    expect(qualityReadout(qualityRows(result(8), config, fixture))).toEqual([
      { label: 'f32 perplexity', value: '27.33', provenance: 'measured' },
      { label: 'Fewest bits within 1 % of f32', value: 'int4 g128, 4.13 bits', provenance: 'measured' },
      { label: 'int2 g64 ÷ f32 perplexity', value: '× 2.07', provenance: 'measured' },
      { label: 'Tokens per scheme', value: '2,040', provenance: 'measured' },
    ]);
    expect(qualityReadout([])).toEqual([]);
  });
});

describe('the labels', () => {
  it('keep crowded points’ names apart and inside the frame', () => {
    const frame = { left: 60, right: 370, top: 24, bottom: 315 };
    // Four int4 points a few pixels apart, as at a phone's width.
    const points = ['int4 g128', 'int4 g64', 'int4 g32', 'int4 g128 zp'].map((text, i) => ({
      px: 200 + i * 4,
      py: 250 - i * 3,
      text,
    }));
    const placed = placeLabels(points, frame);
    for (const [i, a] of placed.entries()) {
      expect(a.box.left).toBeGreaterThanOrEqual(frame.left);
      expect(a.box.right).toBeLessThanOrEqual(frame.right);
      expect(a.box.right - a.box.left).toBeCloseTo(textWidth(points[i]!.text, 13), 9);
      for (const b of placed.slice(i + 1)) {
        const apart =
          a.box.right <= b.box.left ||
          b.box.right <= a.box.left ||
          a.box.bottom <= b.box.top ||
          b.box.bottom <= a.box.top;
        expect(apart).toBe(true);
      }
    }
    // Two fit beside the cluster; the others stand off, each with a line back to its point.
    expect(placed.filter((p) => p.leader)).toHaveLength(2);
  });
});

describe('the chart', () => {
  it('renders the saved SVGs: at the page’s width and a phone’s, with the reference, and while streaming', async () => {
    const rows = qualityRows(result(8), config, fixture);
    const page = renderSvg(qualityChart(rows, BITS), 640, 360);
    expect(page).toContain(MEASURED);
    expect(page).toContain('reference, PyTorch on NVIDIA H200');
    expect(page).toContain('f32 (baseline)');
    await expect(page).toMatchFileSnapshot('./__snapshots__/quant-quality.svg');
    await expect(renderSvg(qualityChart(rows, BITS), 390, 360)).toMatchFileSnapshot(
      './__snapshots__/quant-quality-phone.svg',
    );
    const cpu = qualityRows(result(4, 3), config, fixture);
    cpu.push({ ...qualityRows(result(4, 4), config, fixture)[3]!, complete: false });
    const streaming = renderSvg(qualityChart(cpu, BITS), 390, 360);
    expect(streaming).not.toContain('reference');
    expect(streaming).toContain('fill-opacity="0.4"');
    await expect(streaming).toMatchFileSnapshot('./__snapshots__/quant-quality-streaming-phone.svg');
  });

  it('labels perplexities past a million in words, so they fit the margin', () => {
    const y = qualityChart(qualityRows(result(8), config, fixture), BITS).y as {
      tickFormat: (d: number) => string;
    };
    expect(y.tickFormat(5.131e14)).toBe('513.1 trillion');
    expect(y.tickFormat(18.05)).toBe('18.1');
  });
});
