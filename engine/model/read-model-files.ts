/**
 * A model's files turned into a model, each checked against the others in an order that puts every check before
 * anything large is built: config.json; tokenizer.json (bytes are the tokens when there is none) and its ids against
 * config's "vocab_size"; the safetensors header; every tensor's name and shape against the config (weights.ts's
 * checkTensors); only then the weights' data. Anything wrong raises a ConfigError, TokenizerError or SafetensorsError
 * naming the field or tensor. The CPU jobs (jobs/cpu-model.ts) and sessions (create-session.ts) both read through it.
 */
import { BpeTokenizer } from './bpe-tokenizer';
import { ConfigError, parseConfig, type LlamaConfig } from './config';
import { Safetensors } from './safetensors';
import { ByteTokenizer, type Tokenizer } from './tokenizer';
import { loadWeights, type LlamaWeights } from './weights';

/** A model's files: config.json parsed, model.safetensors' bytes, tokenizer.json parsed where it has one. */
export interface ModelFileSet {
  configJson: unknown;
  safetensors: ArrayBuffer;
  tokenizerJson?: unknown;
}

/** A model read from its files: its config, its weights in f32 and its tokenizer. */
export interface ModelFromFiles {
  config: LlamaConfig;
  weights: LlamaWeights;
  tokenizer: Tokenizer;
}

/** Read and cross-check a model's files; `onProgress` gets the fraction of the weights read. */
export function readModelFiles(files: ModelFileSet, onProgress?: (fraction: number) => void): ModelFromFiles {
  const config = parseConfig(files.configJson);
  const tokenizer =
    files.tokenizerJson === undefined ? new ByteTokenizer() : BpeTokenizer.fromJson(files.tokenizerJson);
  if (tokenizer.vocabSize > config.vocabSize) {
    throw new ConfigError(
      `"vocab_size" is ${config.vocabSize}, fewer than the tokenizer's ${tokenizer.vocabSize} tokens`,
    );
  }
  const weights = loadWeights(config, new Safetensors(files.safetensors), onProgress);
  return { config, weights, tokenizer };
}
