// Held-out scoring of the shipped target on the CPU backend, with its linear layers stored in each of lesson 4's
// schemes: the perplexity PyTorch gives with the same quantized bytes on the same window
// (training/quantized_perplexity.py → training/fixtures/quantized-perplexity.json), to three significant figures:
// within half a unit of the third figure, so that two values either side of a rounding boundary still agree (W8A8
// rounds every activation to int8, and the last-bit differences between two float32 forwards flip a few codes).
// W8A8 is computed there as engine/quant/llm-int8.ts computes it (training/llm_int8.py), and AWQ is calibrated there
// as the quality widget asks the engine to (the held-out text after eight windows; training/awq.py).
import { describe, expect, it } from 'vitest';
import type { SessionRequest } from '../create-session';
import { schemeName, type WeightScheme } from '../quant/scheme';
import {
  perplexityFixture as fixture,
  readRepoFile,
  readRepoJson,
  targetWindowScore,
} from '../testing/shipped-target';
import { windowsOf } from './score-text';

describe('windowsOf', () => {
  it('cuts consecutive windows from the start and refuses more than fit', () => {
    expect(windowsOf([1, 2, 3, 4, 5], 2, 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => windowsOf([1, 2, 3], 2, 2)).toThrow('the text holds 1 windows of 2 tokens, not 2');
  });
});

interface QuantizedPerplexity {
  schemes: { scheme: string; perplexity: number; nats_per_token: number; bits_per_weight: number }[];
}
const reference = readRepoJson('training/fixtures/quantized-perplexity.json') as QuantizedPerplexity;

/** One scheme the engine scores, under the name the reference gives its row. */
interface Scored {
  name: string;
  weights: WeightScheme;
  awq?: SessionRequest['awq'];
}

const plain = (weights: WeightScheme): Scored => ({ name: schemeName(weights), weights });

/** `actual` agrees with `expected` to three significant figures: within half a unit of the third. */
function expectThreeFigures(actual: number, expected: number) {
  const halfUnit = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(expected))) - 2);
  expect(Math.abs(actual - expected), `${actual} against ${expected}`).toBeLessThanOrEqual(halfUnit);
}
const INT4_G128: WeightScheme = { kind: 'int', bits: 4, group: 128, zeroPoint: false };

/** The quality widget's calibration: the held-out text, its first eight 256-token windows skipped. */
const WIDGET_AWQ = {
  calibrationText: readRepoFile('public/data/heldout.txt').toString('utf8'),
  skipTokens: 8 * 256,
};

const schemes: Scored[] = [
  plain({ kind: 'f32' }),
  plain({ kind: 'f16' }),
  plain({ kind: 'int', bits: 8, group: 'row', zeroPoint: false }),
  ...([32, 64, 128] as const).map((group) => plain({ kind: 'int', bits: 4, group, zeroPoint: false })),
  plain({ kind: 'int', bits: 4, group: 128, zeroPoint: true }),
  plain({ kind: 'int', bits: 3, group: 64, zeroPoint: false }),
  plain({ kind: 'int', bits: 2, group: 64, zeroPoint: false }),
  plain({ kind: 'w8a8', threshold: null }),
  plain({ kind: 'w8a8', threshold: 6 }),
  { name: `AWQ ${schemeName(INT4_G128)}`, weights: INT4_G128, awq: WIDGET_AWQ },
];

describe('scoreText on the shipped target matches PyTorch under every scheme', () => {
  it('lists the same schemes as the Python reference', () => {
    expect(schemes.map((s) => s.name)).toEqual(reference.schemes.map((s) => s.scheme));
    expect(fixture.perplexity.toPrecision(3)).toBe(reference.schemes[0]!.perplexity.toPrecision(3));
  });

  for (const { name, weights, awq } of schemes) {
    it(
      name,
      async () => {
        const expected = reference.schemes.find((s) => s.scheme === name);
        expect(expected, `no row "${name}" in quantized-perplexity.json`).toBeDefined();
        const measured = await targetWindowScore(weights, awq);
        expect(measured.tokens).toBe(fixture.ids.length - 1);
        expectThreeFigures(measured.meanNll, expected!.nats_per_token);
        expectThreeFigures(measured.perplexity, expected!.perplexity);
      },
      awq ? 300_000 : 60_000, // AWQ calibrates first: a minute or more of search on the CPU
    );
  }
});
