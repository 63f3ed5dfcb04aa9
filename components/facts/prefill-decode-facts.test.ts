import { describe, expect, it } from 'vitest';
import { exercises, facts } from './prefill-decode-facts';

describe('lesson 1 facts', () => {
  it('quotes the H100 ridge as 295 FLOP/byte', () => {
    expect(facts.h100Ridge.text).toBe('295 FLOP/byte');
  });

  it('answers the ridge exercise by hand: B ≥ 295.34·4096 ÷ (4096 − 2·295.34) = 345.1, so 346', () => {
    expect(exercises.ridgeBatch.answer.value).toBe(346);
    expect(exercises.ridgeBatch.working.join(' ')).toContain('B ≥ 345.1');
  });

  it('answers the decode-speed exercise from the memory-bound model', () => {
    // (13,214,695,424 weight bytes + 1025 · 524,288 KV bytes) ÷ 3.35 TB/s per token.
    const seconds = (13_214_695_424 + 1025 * 524_288) / 3.35e12;
    expect(exercises.decodeSpeed.answer.value).toBeCloseTo(1 / seconds, 6);
    expect(exercises.decodeSpeed.answer.text).toBe('244 tokens/s');
    // The prose gives the whole weights; the step leaves out all but one row of the embedding table.
    expect(exercises.decodeSpeed.working[0]).toContain(
      `13.2 GB in bf16 of the ${facts.llama2WeightBytes.text}`,
    );
    expect(facts.llama2WeightBytes.text).toBe('13.5 GB');
    // The exercise states the KV bytes per token it needs: 2 · 32 layers · 32 heads · 128 · 2 bytes.
    expect(facts.llama2KvPerToken.value).toBe(2 * 32 * 32 * 128 * 2);
  });

  it('gives decode attention an intensity of S/(S+1) and prefill S/2', () => {
    expect(facts.decodeAttentionIntensity.value).toBeCloseTo(1024 / 1025, 12);
    expect(facts.prefillAttentionIntensity.value).toBeCloseTo(512, 9);
    expect([facts.decodeAttentionIntensity.text, facts.prefillAttentionIntensity.text]).toEqual([
      '0.999 FLOP/byte',
      '512 FLOP/byte',
    ]);
  });

  it('answers the f32 decode-matmul exercise for the synthetic model: 2·256·704 ÷ ((256 + 256·704 + 704)·4)', () => {
    expect(facts.syntheticWidth.value).toBe(256);
    expect(facts.syntheticMlpWidth.value).toBe(704);
    expect(exercises.decodeMatmulF32.answer.value).toBeCloseTo(
      (2 * 256 * 704) / ((256 + 256 * 704 + 704) * 4),
      12,
    );
    expect(exercises.decodeMatmulF32.answer.text).toBe('0.497 FLOP/byte');
  });
  it('answers the batch trade-off: 256 sequences need 241 GB, and would decode 3,560 tokens/s', () => {
    // 13,015,864,320 · 2 bytes of weights + 256 · 1,024 · 819,200 bytes of cache
    const bytes = 13_015_864_320 * 2 + 256 * 1024 * 819_200;
    expect(exercises.batchTradeoff.answer.value).toBeCloseTo(256 / (bytes / 3.35e12), 6);
    expect(exercises.batchTradeoff.answer.text).toBe('3,560 tokens/s');
    expect(exercises.batchTradeoff.working[0]).toContain(
      '241 GB: more than the 80 GB the GPU has, so the batch does not fit',
    );
    expect(facts.runningKvPerToken.text).toBe('819,200 bytes');
  });
  it('prefills the running example’s prompt compute-bound in 26.7 ms, gains nothing from batching prompts, and splits 70B over 2 GPUs', () => {
    expect(facts.runningPrefill.text).toBe('26.7 ms');
    expect(facts.batchedPrefillRatio.value).toBeCloseTo(8, 2);
    // 68,976,648,192 parameters · 2 bytes = 138 GB > 80 GB: two H100s, each reading 69 GB per step at 3.35 TB/s.
    expect(facts.llama70Gpus.value).toBe(2);
    expect(facts.llama70ShardedStep.value).toBeCloseTo((68_976_648_192 * 2) / 2 / 3.35e12, 12);
  });
});
