import { describe, expect, it } from 'vitest';
import { exercises, facts } from './kv-cache-facts';

describe('lesson 2 facts', () => {
  it('computes Llama 2 7B’s cache by hand: 2·32·32·128·2 = 524,288 bytes per token, 2.15 GB per 4096 tokens', () => {
    expect(facts.llama2KvPerToken.value).toBe(524_288);
    expect(facts.llama2KvPerSequence.value).toBe(2_147_483_648);
    expect(facts.llama2KvPerSequence.text).toBe('2.15 GB');
    expect(facts.llama2MaxBatch.value).toBe(30);
    expect(facts.llama2Crossover.value).toBe(25_205);
    // Past Llama 2's 4,096-token context at batch 1; at 4,096 tokens, 6 sequences cross at 4,200 and 7 at 3,600.
    expect(facts.llama2Context.value).toBe(4096);
    expect(facts.llama2CrossBatch.value).toBe(7);
    // The crossover exercise states the parameter count its working starts from.
    expect(exercises.targetCrossover.working[0]).toContain(
      facts.targetParams.text.replace(' parameters', ''),
    );
  });

  it('puts recomputing the prefix far above reading its cache', () => {
    // 2 · 32 layers · 202,375,168 weights per layer · 4096 tokens
    expect(facts.recomputeFlops.value).toBe(2 * 32 * 202_375_168 * 4096);
    expect(facts.recomputeSeconds.value / facts.readSeconds.value).toBeGreaterThan(50);
  });

  it('answers the exercises', () => {
    expect(exercises.kvPerToken.answer.value).toBe(819_200);
    // (80e9 − 16,060,522,496) ÷ (8192 · 131,072) = 59.55
    expect(exercises.maxBatch.answer.value).toBe(59);
    expect(exercises.targetCrossover.answer.value).toBe(6_659);
    expect(exercises.targetCrossover.working.at(-1)).toContain('256 tokens');
    // 100 tokens in blocks of 16: 7 blocks · 16 slots · 6,144 bytes (2 · 6 layers · 2 heads · 64 · 4).
    expect(exercises.mapReserved.answer.value).toBe(7 * 16 * 6144);
  });

  it('puts the KV-heavy model’s crossover inside the contexts the step-time widget sweeps', () => {
    // kv-m: 8 layers of 16 KV heads of 64, f32: 2 · 8 · 16 · 64 · 4 bytes per token.
    expect(facts.heavyPerToken.value).toBe(65_536);
    // Reads every weight but the input embedding table (256 × 256), plus one embedding row of 256.
    expect(facts.heavyWeights.value).toBe((10_096_896 - 256 * 256 + 256) * 4);
    expect(facts.heavyCrossover.value).toBe(Math.ceil(facts.heavyWeights.value / 65_536) - 1);
    expect(facts.heavyCrossover.value).toBeLessThan(2048);
  });
  it('counts the token passes a cacheless answer of 4,096 tokens makes: 4,096 · 4,097 / 2 ÷ 4,096 = 2,048.5 times', () => {
    expect(facts.recomputePassRatio.value).toBe(2048.5);
    expect(facts.recomputePassRatio.text).toBe('2,048.5 times');
  });
});
