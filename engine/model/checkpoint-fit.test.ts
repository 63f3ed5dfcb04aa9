import { describe, expect, it } from 'vitest';
import { checkpointFit } from './checkpoint-fit';
import { parseConfig } from './config';
import { bufferNeeds, checkLimits, CPU_MEMORY_BUDGET, LimitError } from './footprint';

/** SmolLM-135M's config.json as published (HuggingFaceTB/SmolLM-135M on the Hugging Face Hub), its sizes only. */
const smolLm = parseConfig({
  model_type: 'llama',
  hidden_size: 576,
  intermediate_size: 1536,
  num_hidden_layers: 30,
  num_attention_heads: 9,
  num_key_value_heads: 3,
  vocab_size: 49152,
  max_position_embeddings: 2048,
  rope_theta: 10000,
  tie_word_embeddings: true,
});

const cpu = {
  maxStorageBufferBindingSize: Infinity,
  maxBufferSize: Infinity,
  memoryBudget: CPU_MEMORY_BUDGET,
};
/** WebGPU's default limits (128 MiB a binding, 256 MiB a buffer), which an adapter may raise. */
const defaultGpu = { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28 };

describe('checkpointFit', () => {
  it('counts SmolLM-135M by hand: 134,515,008 parameters, 46,080 bytes of f32 KV a token', () => {
    // Embedding 49,152 × 576 = 28,311,552; a layer: q and o 576² each, k and v 192 × 576 each, the MLP 3 × 576 ×
    // 1,536, two norms of 576: 3,540,096, × 30 = 106,202,880; the final norm 576. KV: 2 × 30 layers × 3 heads × 64 × 4.
    const fit = checkpointFit(smolLm, defaultGpu);
    expect(fit.parameters).toBe(134_515_008);
    expect(fit.weightBytes).toBe(134_515_008 * 4);
    expect(fit.kvBytesPerToken).toBe(46_080);
    expect(fit.largestContext).toBe(2048);
    expect(fit.refusal).toBeUndefined();
  });

  it('refuses f32 SmolLM on the CPU fallback, naming its budget, and fits it in f16 at its whole context', () => {
    // The weights alone are 538 MB in f32; logits, their read-back and the activations of a 64-token step add more.
    const f32 = checkpointFit(smolLm, cpu);
    expect(f32.largestContext).toBe(0);
    expect(f32.refusal).toMatch(
      /^This model with its KV cache needs 5\d\d MB, more than the 512 MB allowed on this device\.$/,
    );
    expect(checkpointFit(smolLm, cpu, { kind: 'f16' }).largestContext).toBe(2048);
  });

  it('gives the longest context the budget leaves, in whole blocks of 16 tokens', () => {
    const f16 = checkpointFit(smolLm, cpu, { kind: 'f16' });
    const tight = { ...cpu, memoryBudget: f16.weightBytes + 8e6 + 1000 * f16.kvBytesPerToken };
    const { largestContext } = checkpointFit(smolLm, tight, { kind: 'f16' });
    expect(largestContext % 16).toBe(0);
    expect(largestContext).toBeGreaterThan(0);
    expect(largestContext).toBeLessThan(1000);
    // The largest: one block more is refused by the session's own check.
    const session = (context: number) => ({
      numBlocks: context / 16,
      blockSize: 16,
      maxTokens: 64,
      maxLogitRows: 64,
    });
    const needs = (context: number) => bufferNeeds(smolLm, session(context), { kind: 'f16' });
    expect(() => checkLimits(needs(largestContext), tight)).not.toThrow();
    expect(() => checkLimits(needs(largestContext + 16), tight)).toThrow(LimitError);
    expect(checkpointFit(smolLm, tight, { kind: 'f16' }).refusal).toBeUndefined();
  });

  it("refuses Llama 3.2 1B's f32 embedding under WebGPU's default binding limit, naming the tensor and limit", () => {
    const llama32 = parseConfig({
      model_type: 'llama',
      hidden_size: 2048,
      intermediate_size: 8192,
      num_hidden_layers: 16,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      head_dim: 64,
      vocab_size: 128256,
      max_position_embeddings: 131072,
      rope_theta: 500000,
      rope_scaling: {
        rope_type: 'llama3',
        factor: 32,
        low_freq_factor: 1,
        high_freq_factor: 4,
        original_max_position_embeddings: 8192,
      },
      tie_word_embeddings: true,
    });
    expect(checkpointFit(llama32, defaultGpu).refusal).toBe(
      "model.embed_tokens.weight needs 1051 MB in one buffer, more than this device's maxStorageBufferBindingSize of 134 MB.",
    );
  });
});
