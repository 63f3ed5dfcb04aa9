/**
 * A shipped model's f32 weights on the CPU, for the jobs that compute on the weights themselves whatever backend the
 * page's session uses (lesson 4's weight grid and activation outliers). Reading the files is a pure function, which
 * the jobs' tests call on the files from disk; fetching goes through model/fetch-model.ts and is cached in the worker
 * for the last folder asked (one model, about four bytes per parameter), so a control that moves does not download
 * the model again. This is not a session: nothing here touches the page's loaded model or the GPU.
 */
import { parseConfig, type LlamaConfig } from '../model/config';
import { BpeTokenizer } from '../model/bpe-tokenizer';
import { fetchModel, type ModelFiles } from '../model/fetch-model';
import { Safetensors } from '../model/safetensors';
import { ByteTokenizer, type Tokenizer } from '../model/tokenizer';
import { loadWeights, type LlamaWeights } from '../model/weights';

/** A model read onto the CPU: its config, its weights in f32 and its tokenizer. */
export interface CpuModel {
  config: LlamaConfig;
  weights: LlamaWeights;
  tokenizer: Tokenizer;
}

/** Read a model's files (config.json parsed, model.safetensors bytes, tokenizer.json parsed where it has one). */
export function readCpuModel(
  files: Omit<ModelFiles, 'tokenizerJson'> & { tokenizerJson?: unknown },
): CpuModel {
  const config = parseConfig(files.configJson);
  const tokenizer = files.tokenizerJson ? BpeTokenizer.fromJson(files.tokenizerJson) : new ByteTokenizer();
  const weights = loadWeights(config, new Safetensors(files.safetensors));
  return { config, weights, tokenizer };
}

/** The one model kept: the folder it came from, and the model (or its download in flight). */
let cached: { base: string; model: Promise<CpuModel> } | undefined;

/**
 * The model in the folder at `base` (an absolute URL), fetched the first time and kept until another folder is
 * asked for; `onProgress` gets the fraction of the weights downloaded, on the call that downloads them.
 */
export function cpuModel(base: string, onProgress: (fraction: number) => void = () => {}): Promise<CpuModel> {
  if (cached?.base !== base) {
    const model = fetchModel(base, onProgress).then(readCpuModel);
    const entry = { base, model };
    cached = entry;
    // A failed download is not kept, so the next run tries again.
    model.catch(() => {
      if (cached === entry) cached = undefined;
    });
  }
  return cached.model;
}
