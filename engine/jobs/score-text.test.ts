// Held-out scoring of the shipped target on the CPU backend, with its linear layers stored in each of lesson 4's
// schemes: the perplexity PyTorch gives with the same quantized bytes on the same window
// (training/quantized_perplexity.py → training/fixtures/quantized-perplexity.json), to three significant figures.
import { describe, expect, it } from 'vitest';
import { schemeName, type WeightScheme } from '../quant/scheme';
import { perplexityFixture as fixture, readRepoJson, targetWindowScore } from '../testing/shipped-target';
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

const schemes: WeightScheme[] = [
  { kind: 'f32' },
  { kind: 'f16' },
  { kind: 'int', bits: 8, group: 'row', zeroPoint: false },
  ...([32, 64, 128] as const).map((group) => ({ kind: 'int', bits: 4, group, zeroPoint: false }) as const),
  { kind: 'int', bits: 4, group: 128, zeroPoint: true },
  { kind: 'int', bits: 3, group: 64, zeroPoint: false },
  { kind: 'int', bits: 2, group: 64, zeroPoint: false },
];

describe('scoreText on the shipped target matches PyTorch under every scheme', () => {
  it('lists the same schemes as the Python reference', () => {
    expect(schemes.map(schemeName)).toEqual(reference.schemes.map((s) => s.scheme));
    expect(fixture.perplexity.toPrecision(3)).toBe(reference.schemes[0]!.perplexity.toPrecision(3));
  });

  for (const scheme of schemes) {
    it(
      schemeName(scheme),
      async () => {
        const expected = reference.schemes.find((s) => s.scheme === schemeName(scheme))!;
        const measured = await targetWindowScore(scheme);
        expect(measured.tokens).toBe(fixture.ids.length - 1);
        expect(measured.meanNll.toPrecision(3)).toBe(expected.nats_per_token.toPrecision(3));
        expect(measured.perplexity.toPrecision(3)).toBe(expected.perplexity.toPrecision(3));
      },
      60_000,
    );
  }
});
