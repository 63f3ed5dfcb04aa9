import { describe, expect, it } from 'vitest';
import { exercises, facts } from './kv-cache-facts';

describe('lesson 2 facts', () => {
  it('computes the running example’s cache by hand: 2·40·40·128·2 = 819,200 bytes per token, 839 MB per 1,024', () => {
    expect(facts.runningKvPerToken.value).toBe(819_200);
    expect(facts.llama2KvPerToken.value).toBe(524_288);
    expect(facts.runningKvPerSequence.value).toBe(838_860_800);
    expect(facts.runningKvPerSequence.text).toBe('839 MB');
    // (80e9 − 26,031,728,640 bytes of weights) ÷ 838,860,800 = 64.3: lesson 1's table fits 64, with 281 MB spare.
    expect(facts.runningMaxBatch.value).toBe(64);
    // A step reads every weight but the embedding table's other rows: 26,031,728,640 − 32,000·5,120·2 + 5,120·2
    // = 25,704,058,880 bytes, as many as 31,377.03 tokens' keys and values; at a context of S the step moves S + 1
    // tokens' (it writes the new one), so the first S that reaches the weights is 31,377.
    expect(facts.runningCrossover.value).toBe(31_377);
    // Past Llama 2's 4,096-token context at batch 1; at 4,096 tokens, 7 sequences cross at 4,482 and 8 at 3,922.
    expect(facts.runningTrainedContext.value).toBe(4096);
    expect(facts.runningCrossBatch.value).toBe(8);
    // The crossover exercise states the parameter count its working starts from.
    expect(exercises.targetCrossover.working[0]).toContain(
      facts.targetParams.text.replace(' parameters', ''),
    );
  });

  it('puts recomputing the prefix far above reading its cache', () => {
    // 2 · 40 layers · (4 · 5,120² + 3 · 5,120 · 13,824 = 317,194,240 weights per layer) · 1,024 tokens
    expect(facts.recomputeFlops.value).toBe(2 * 40 * 317_194_240 * 1024);
    expect(facts.recomputeSeconds.value / facts.readSeconds.value).toBeGreaterThan(50);
  });

  it('answers the exercises', () => {
    // Mistral 7B: 2 · 32 layers · 8 KV heads · 128 · 2 bytes.
    expect(exercises.kvPerToken.answer.value).toBe(131_072);
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
  it('counts the token passes a cacheless answer of 1,024 tokens makes: 1,024 · 1,025 / 2 ÷ 1,024 = 512.5 times', () => {
    expect(facts.recomputePassRatio.value).toBe(512.5);
    expect(facts.recomputePassRatio.text).toBe('512.5 times');
  });
});
