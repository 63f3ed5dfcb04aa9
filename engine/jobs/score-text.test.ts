// Held-out scoring of the shipped target on the CPU backend, with its linear layers stored in several schemes: the
// f32 score is PyTorch's (the perplexity fixture, three significant figures), int8 costs little, two bits a lot.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSession } from '../create-session';
import type { PerplexityFixture } from '../model/parity-fixtures';
import type { WeightScheme } from '../quant/scheme';
import { scoreText, windowsOf } from './score-text';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root));
const json = (path: string) => JSON.parse(read(path).toString('utf8'));
const model = 'public/models/austen-target/';
const fixture = json('training/fixtures/target-perplexity.json') as PerplexityFixture;

async function score(weights: WeightScheme) {
  const file = read(`${model}model.safetensors`);
  const session = await createSession({
    model: {
      kind: 'files',
      configJson: json(`${model}config.json`),
      safetensors: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
      tokenizerJson: json(`${model}tokenizer.json`),
    },
    shape: { numBlocks: 16, blockSize: 16, maxTokens: 256, maxLogitRows: 256 },
    backend: 'cpu',
    weights,
  });
  const request = { text: fixture.text, window: fixture.ids.length, windows: 1 };
  return (await scoreText(session, request))!;
}

describe('windowsOf', () => {
  it('cuts consecutive windows from the start and refuses more than fit', () => {
    expect(windowsOf([1, 2, 3, 4, 5], 2, 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => windowsOf([1, 2, 3], 2, 2)).toThrow('the text holds 1 windows of 2 tokens, not 2');
  });
});

describe('scoreText on the shipped target', () => {
  it('scores f32 as PyTorch does, int8 within 1 %, and two-bit codes far worse', async () => {
    const f32 = await score({ kind: 'f32' });
    expect(f32.perplexity.toPrecision(3)).toBe(fixture.perplexity.toPrecision(3));
    expect(f32.tokens).toBe(fixture.ids.length - 1);
    const int8 = await score({ kind: 'int', bits: 8, group: 'row', zeroPoint: false });
    expect(Math.abs(int8.perplexity / f32.perplexity - 1)).toBeLessThan(0.01);
    expect(int8.weightBytes).toBeLessThan(f32.weightBytes / 2);
    const int2 = await score({ kind: 'int', bits: 2, group: 64, zeroPoint: false });
    expect(int2.perplexity).toBeGreaterThan(1.5 * f32.perplexity);
  }, 120_000);
});
