import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, toHuggingFace } from './config';

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
