import { describe, expect, it } from 'vitest';
import { attentionCost, scoredPairs } from './attention';

const heads = { N: 32, K: 32, H: 128 }; // multi-head, D = 4096

describe('attentionCost', () => {
  it('counts a decode step by hand: intensity S/(S+1) in bf16', () => {
    const cost = attentionCost({ B: 1, T: 1, S: 4096, ...heads }, 'bf16');
    expect(cost.flops).toBe(67_108_864); // 4·32·128·4096
    expect(cost.bytes).toBe(67_125_248); // 2·(2·4096 + 2·4096·4096)
    expect(cost.intensity).toBeCloseTo(4096 / 4097, 10);
  });

  it('gives prefill intensity S/2 when every query meets every key', () => {
    expect(attentionCost({ B: 1, T: 2048, S: 2048, ...heads }, 'bf16').intensity).toBeCloseTo(1024, 8);
  });

  it('does not change intensity with batch size', () => {
    const one = attentionCost({ B: 1, T: 1, S: 1000, ...heads }, 'bf16').intensity;
    const many = attentionCost({ B: 64, T: 1, S: 1000, ...heads }, 'bf16').intensity;
    expect(many).toBeCloseTo(one, 12);
  });

  it('reads K and V once per KV head, so grouped queries raise decode intensity by N/K', () => {
    const mha = attentionCost({ B: 1, T: 1, S: 100_000, N: 32, K: 32, H: 128 }, 'bf16').intensity;
    const gqa = attentionCost({ B: 1, T: 1, S: 100_000, N: 32, K: 8, H: 128 }, 'bf16').intensity;
    expect(gqa / mha).toBeCloseTo(4, 3);
  });
});

describe('scoredPairs', () => {
  it('counts 4+3+2+1 causal pairs for four new tokens over a four-token context', () => {
    expect(scoredPairs(4, 4, true)).toBe(10);
    expect(scoredPairs(4, 4, false)).toBe(16);
  });

  it('lets two new tokens after six cached see 7 and 8 keys', () => {
    expect(scoredPairs(2, 8, true)).toBe(15);
  });
});
