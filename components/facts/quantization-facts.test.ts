import { describe, expect, it } from 'vitest';
import { exercises, facts } from './quantization-facts';

describe('lesson 4 facts', () => {
  it('stores int4 with an f16 scale per 128 weights in 4.125 bits a weight, 4.25 with a zero-point', () => {
    expect(facts.int4Bits.value).toBe(4.125);
    expect(facts.int4Bits.text).toBe('4.125 bits');
    expect(facts.int4ZpBits.value).toBe(4.25);
    expect(exercises.int4Bits.answer.value).toBe(4.125);
    expect(exercises.int4Bits.working[1]).toContain('528 bits for 128 weights');
    // 8 bits plus 2 bytes per output row over each matrix's inputs
    expect(facts.int8Bits.value).toBeGreaterThan(8);
    expect(facts.int8Bits.value).toBeLessThan(8.01);
  });

  it('fits Llama 2 70B at int4 with 8 sequences of 4096 tokens in 80 GB, but not at bf16 or int8', () => {
    // 36,346,281,984 bytes of weights + 8 · 4096 · 327,680 of cache
    expect(exercises.llama70Fits.answer.value).toBe(47_083_700_224);
    expect(exercises.llama70Fits.answer.text).toBe('47.1 GB: it fits');
    expect(facts.llama70Kv.value).toBe(10_737_418_240);
    expect(facts.llama70Bf16Weights.value).toBeGreaterThan(80e9);
    expect(facts.llama70Int8Total.value).toBeGreaterThan(80e9);
    expect(facts.llama70Int4Batch.value).toBe(32);
    expect(facts.llama70Int8Batch.value).toBe(7);
  });

  it('moves 29.1 GB a step for Llama 2 13B in bf16 and 10.2 GB at int4, so int4 decodes 2.84 times as fast', () => {
    // (25,704,058,880 + 3,356,262,400) ÷ (6,870,650,880 + 3,356,262,400)
    expect(facts.llama13Bf16Step.value).toBe(29_060_321_280);
    expect(facts.llama13Int4Step.value).toBe(10_226_913_280);
    expect(exercises.int4Speedup.answer.value).toBeCloseTo(29_060_321_280 / 10_226_913_280, 12);
    expect(facts.int4WeightSpeedup.value).toBeCloseTo(25_704_058_880 / 6_870_650_880, 12);
    expect(facts.llama13Int4Rate.value / facts.llama13Bf16Rate.value).toBeCloseTo(
      facts.int4Speedup.value,
      12,
    );
    expect(exercises.int4Speedup.working[3]).toBe(
      '29.1 GB ÷ 10.2 GB = 2.84: on an NVIDIA H100 SXM, 115 tokens/s become 328.',
    );
  });

  it('counts the 16-bit embedding and head: over a third of Llama 3 8B at int4', () => {
    expect(facts.llama13Int4Weights.value).toBe(7_198_320_640);
    expect(facts.llama3EmbeddingShare.value).toBeCloseTo((100 * 2_101_346_304) / 5_700_591_616, 10);
    expect(facts.llama3ModelBits.value).toBeGreaterThan(facts.llama13ModelBits.value);
  });
});
