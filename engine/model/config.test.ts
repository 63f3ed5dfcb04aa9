import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, toHuggingFace } from './config';
import { readRepoJson } from '../testing/shipped-target';

const llama = {
  hidden_size: 64,
  intermediate_size: 172,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  vocab_size: 256,
  rms_norm_eps: 1e-5,
  rope_theta: 10000,
  max_position_embeddings: 512,
  tie_word_embeddings: false,
};

describe('parseConfig', () => {
  it('reads a Hugging Face Llama config, deriving head_dim', () => {
    const config = parseConfig(llama);
    expect(config).toMatchObject({ hiddenSize: 64, numHeads: 4, numKvHeads: 2, headDim: 16, vocabSize: 256 });
    expect(parseConfig(toHuggingFace(config))).toEqual(config);
  });

  it("reads Mistral's sliding_window, with null or absent meaning full attention", () => {
    const windowed = parseConfig({ ...llama, sliding_window: 4096 });
    expect(windowed.slidingWindow).toBe(4096);
    expect(parseConfig(toHuggingFace(windowed))).toEqual(windowed);
    expect(parseConfig({ ...llama, sliding_window: null }).slidingWindow).toBeUndefined();
    expect(parseConfig(llama).slidingWindow).toBeUndefined();
    expect(() => parseConfig({ ...llama, sliding_window: 0 })).toThrow(
      '"sliding_window" must be a positive integer',
    );
  });

  it('reads eos_token_id as one id or a list, and writes it back', () => {
    expect(parseConfig({ ...llama, eos_token_id: 2 }).eosTokenIds).toEqual([2]);
    const listed = parseConfig({ ...llama, eos_token_id: [128001, 128009] });
    expect(listed.eosTokenIds).toEqual([128001, 128009]);
    expect(parseConfig(toHuggingFace(listed))).toEqual(listed);
    expect(parseConfig({ ...llama, eos_token_id: null }).eosTokenIds).toBeUndefined();
    expect(() => parseConfig({ ...llama, eos_token_id: [2, 'x'] })).toThrow(
      '"eos_token_id" must be a token id or a list of them (got [2,"x"])',
    );
  });

  it('defaults KV heads to the query heads (multi-head attention)', () => {
    const { num_key_value_heads: _, ...mha } = llama;
    expect(parseConfig(mha).numKvHeads).toBe(4);
  });

  it('names the field that is wrong', () => {
    expect(() => parseConfig({ ...llama, num_attention_heads: 'four' })).toThrow(
      'config.json: "num_attention_heads" must be a positive integer (got "four")',
    );
    expect(() => parseConfig({ ...llama, hidden_size: undefined })).toThrow(
      '"hidden_size" must be a positive integer',
    );
    expect(() => parseConfig({ ...llama, num_key_value_heads: 3 })).toThrow(
      '"num_attention_heads" (4) must be a multiple of "num_key_value_heads" (3)',
    );
    expect(() => parseConfig({ ...llama, rms_norm_eps: -1 })).toThrow(
      '"rms_norm_eps" must be a positive number',
    );
    expect(() => parseConfig([])).toThrow(ConfigError);
  });
});

describe('parseConfig across the Llama family', () => {
  const llama3Scaling = {
    rope_type: 'llama3',
    factor: 8,
    low_freq_factor: 1,
    high_freq_factor: 4,
    original_max_position_embeddings: 8192,
  };
  const scaling = { factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 8192 };

  it("reads Llama 3's RoPE scaling from rope_scaling and from transformers 5's rope_parameters alike", () => {
    const legacy = parseConfig({ ...llama, rope_theta: 500000, rope_scaling: llama3Scaling });
    const current = parseConfig({
      ...llama,
      rope_theta: undefined,
      rope_parameters: { rope_theta: 500000, ...llama3Scaling },
    });
    expect(legacy).toMatchObject({ ropeTheta: 500000, ropeScaling: scaling });
    expect(current).toEqual(legacy);
    expect(parseConfig(toHuggingFace(legacy))).toEqual(legacy);
    expect(
      parseConfig({ ...llama, rope_parameters: { rope_theta: 1e6, rope_type: 'default' } }),
    ).toMatchObject({
      ropeTheta: 1e6,
    });
  });

  it("gives Qwen2 its query, key and value biases, and refuses Llama's attention_bias (the output projection's too)", () => {
    const qwen2 = parseConfig({ ...llama, model_type: 'qwen2' });
    expect(qwen2.attentionBias).toBe(true);
    expect(toHuggingFace(qwen2)).toMatchObject({ model_type: 'qwen2', architectures: ['Qwen2ForCausalLM'] });
    expect(parseConfig(toHuggingFace(qwen2))).toEqual(qwen2);
    expect(() => parseConfig({ ...llama, attention_bias: true })).toThrow(
      '"attention_bias" is true; only false is supported',
    );
    expect(parseConfig(llama).attentionBias).toBeUndefined();
  });

  it("ignores Qwen2's sliding_window unless use_sliding_window asks for it, which is refused", () => {
    expect(
      parseConfig({ ...llama, model_type: 'qwen2', sliding_window: 4096 }).slidingWindow,
    ).toBeUndefined();
    expect(parseConfig({ ...llama, model_type: 'mistral', sliding_window: 4096 }).slidingWindow).toBe(4096);
  });

  it.each([
    ['mixtral-experts', '"model_type" is "mixtral" (it has a mixture of experts)'],
    ['qwen3-qk-norm', '"model_type" is "qwen3" (it has QK-norm'],
    ['gemma-gelu', '"model_type" is "gemma" (it has a GeGLU MLP'],
    ['llama-yarn', `"rope_type" in "rope_parameters" is "yarn"; only Llama 3's "llama3" scaling`],
    ['llama-mlp-bias', '"mlp_bias" is true; only false is supported'],
    ['qwen2-window', '"layer_types" mixes kinds of attention'],
  ])('refuses %s as transformers writes it, naming the field', (family, message) => {
    const json = readRepoJson(`training/fixtures/checkpoints/refused/${family}.json`);
    expect(() => parseConfig(json)).toThrow(message);
  });

  it('refuses experts, QK-norm, partial rotation and other RoPE scalings under a supported model_type', () => {
    expect(() => parseConfig({ ...llama, num_local_experts: 8 })).toThrow(
      '"num_local_experts" is 8: a mixture of experts is not supported',
    );
    expect(() => parseConfig({ ...llama, use_qk_norm: true })).toThrow('"use_qk_norm" is true');
    expect(() => parseConfig({ ...llama, partial_rotary_factor: 0.5 })).toThrow(
      '"partial_rotary_factor" is 0.5',
    );
    expect(() => parseConfig({ ...llama, rope_scaling: { type: 'linear', factor: 2 } })).toThrow(
      `"type" in "rope_scaling" is "linear"; only Llama 3's "llama3" scaling (or none) is supported`,
    );
    expect(() => parseConfig({ ...llama, rope_scaling: { ...llama3Scaling, high_freq_factor: 1 } })).toThrow(
      '"high_freq_factor" in "rope_scaling" (1) must be greater than its "low_freq_factor" (1)',
    );
    expect(() => parseConfig({ ...llama, model_type: 'qwen2', use_sliding_window: true })).toThrow(
      '"use_sliding_window" is true; only false is supported',
    );
    expect(() => parseConfig({ ...llama, layer_types: ['full_attention', 'sliding_attention'] })).toThrow(
      '"layer_types" mixes kinds of attention',
    );
  });
});
