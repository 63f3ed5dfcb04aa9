import { describe, expect, it } from 'vitest';
import { exercises, facts } from './shrinking-kv-facts';

describe('lesson 3 facts', () => {
  it('shrinks Llama 2 13B’s cache by N/K = 5 with 8 KV heads', () => {
    expect(facts.mhaPerToken.value).toBe(819_200);
    expect(facts.gqaPerToken.value).toBe(163_840);
  });

  it('gives DeepSeek-V2’s latent the cache of 2.25 GQA groups, as its paper says', () => {
    expect(facts.v2Latent.value).toBe(576);
    expect(facts.v2Groups.value).toBe(2.25);
    expect(facts.v2PerToken.value).toBe(69_120);
    expect(exercises.mlaRatio.answer.value).toBeCloseTo(32_768 / 576, 12);
  });

  it('halves with layer pairs, shrinks 8 times under Mistral’s window at 32k, as its paper says, and keeps Gemma 2 within its context', () => {
    expect(facts.claShare.value).toBe(50);
    expect(facts.mistralSaving.value).toBe(8);
    // Gemma 2 9B at its full context of 8,192 tokens: 21 global layers keep all of them, 21 local layers half.
    expect(facts.gemma2Share.value).toBeCloseTo(75, 10);
    expect(exercises.windowShare.answer.value).toBeCloseTo((100 * (10 + 52 / 32)) / 62, 10);
  });

  it('serves 85 sequences of 4096 tokens on an H100 with 8 KV heads against 16 with 40', () => {
    expect(facts.mhaBatch.value).toBe(16);
    expect(facts.gqaBatch.value).toBe(85);
    expect(exercises.gqaBatch.answer.value).toBe(85);
    expect(facts.gqaThroughput.value / facts.mhaThroughput.value).toBeGreaterThan(4);
  });

  it('reconciles the lecture’s MLA figures with the ones used here', () => {
    expect([facts.v2KeyWidth.text, facts.v2LatentRank.text]).toEqual(['16,384 numbers', '512 numbers']);
    expect([facts.v2MhaWidth.text, facts.v2Latent.text]).toEqual(['32,768 numbers', '576 numbers']);
  });
  it('answers GQA’s gain at 64 sequences of 1,024: the whole step, not the cache alone, shrinks', () => {
    const mha = 13_015_864_320 * 2 + 64 * 1024 * 819_200;
    // 40 layers' K and V projections shrink from 5,120 × 5,120 to 5,120 × 1,024; a token caches a fifth.
    const gqa = (13_015_864_320 - 40 * 2 * 5120 * 4096) * 2 + 64 * 1024 * 163_840;
    expect(exercises.gqaGain.answer.value).toBeCloseTo(mha / gqa, 9);
    expect(exercises.gqaGain.answer.text).toBe('2.39 ×');
  });
  it('sets Mamba 2.8B’s fixed 13.1 MB state against Pythia 2.8B’s cache: as large at 40 tokens, 25.6 times at 1,024', () => {
    expect(facts.mambaState.text).toBe('13.1 MB');
    // 13,107,200 ÷ 327,680 = 40 tokens; 1,024 · 327,680 ÷ 13,107,200 = 25.6.
    expect(facts.mambaCrossing.value).toBe(40);
    expect(facts.mambaRatioAtRunning.value).toBeCloseTo(25.6, 12);
  });
});
