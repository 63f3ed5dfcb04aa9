import { describe, expect, it } from 'vitest';
import { kvBytesPerToken, paramCount } from './llama-shape';
import { modelById } from './models';

describe('paramCount', () => {
  // Worked by hand from each config: embeddings + layers·(attention + MLP + 2 norms) + final norm + head.
  it.each([
    ['llama-2-7b', 6_738_415_616],
    ['llama-2-70b', 68_976_648_192],
    ['llama-3-8b', 8_030_261_248],
  ] as const)('%s has %d parameters', (id, expected) => {
    expect(paramCount(modelById(id).shape)).toBe(expected);
  });

  it('counts a tied head once', () => {
    const shape = { V: 10, D: 4, F: 8, L: 1, N: 2, K: 1, H: 2, tiedEmbeddings: true };
    // embed 40; layer: Wq 16 + Wk,Wv 16 + Wo 16 + MLP 96 + norms 8 = 152; final norm 4.
    expect(paramCount(shape)).toBe(196);
    expect(paramCount({ ...shape, tiedEmbeddings: false })).toBe(236);
  });
});

describe('kvBytesPerToken', () => {
  it('is 2·L·K·H·bytes: 512 KiB for Llama 2 7B, 128 KiB for Llama 3 8B, in bf16', () => {
    expect(kvBytesPerToken(modelById('llama-2-7b').shape, 'bf16')).toBe(524_288);
    expect(kvBytesPerToken(modelById('llama-3-8b').shape, 'bf16')).toBe(131_072);
  });
});
