/**
 * A Hugging Face checkpoint folder as a reader picks it from disk: config.json, tokenizer.json, and the weights in
 * model.safetensors or in shards listed by model.safetensors.index.json. Opening it reads the small files and each
 * shard's header only (Blob.slice), checks every name and shape against the config before any tensor's data, and
 * says what loading would take; reading the weights then brings one tensor at a time into memory, converted to f32.
 * Other files in the folder (generation_config.json, tokenizer_config.json, a README) are not read.
 */
import { BpeTokenizer } from './bpe-tokenizer';
import { ConfigError, parseConfig, type LlamaConfig } from './config';
import {
  headerLength,
  parseHeader,
  SafetensorsError,
  tensorInfo,
  tensorValues,
  type TensorIndex,
  type TensorInfo,
} from './safetensors-header';
import type { Tokenizer } from './tokenizer';
import {
  assembleWeights,
  checkTensors,
  STORED_HEAD,
  storesTiedHead,
  tensorSpecs,
  type LlamaWeights,
} from './weights';

/** The folder's files by name. */
export type FolderFiles = ReadonlyMap<string, Blob>;

/** Something about the folder as a whole: a file missing, an index that disagrees with its shards. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

const INDEX = 'model.safetensors.index.json';
const SINGLE = 'model.safetensors';

/** A tensor's entry and the shard holding it. */
interface ShardedTensor extends TensorInfo {
  file: string;
  /** Where the shard's data section begins. */
  dataStart: number;
}

/** Every shard's tensors as one index. */
class ShardIndex implements TensorIndex {
  readonly tensors: ReadonlyMap<string, ShardedTensor>;
  readonly #indexFile: string;

  constructor(tensors: ReadonlyMap<string, ShardedTensor>, indexFile: string) {
    this.tensors = tensors;
    this.#indexFile = indexFile;
  }

  info(name: string, expected?: readonly number[]): ShardedTensor {
    return tensorInfo(this, name, this.fileOf(name), expected) as ShardedTensor;
  }

  fileOf(name: string): string {
    return this.tensors.get(name)?.file ?? this.#indexFile;
  }
}

/** An opened folder: the checked config, the tokenizer, and where each tensor lies. */
export interface OpenedCheckpoint {
  config: LlamaConfig;
  /** config.json's "model_type" ("llama" where it has none). */
  family: string;
  tokenizer: Tokenizer;
  tensors: TensorIndex;
  /** The safetensors files read, in order. */
  shards: string[];
  /** Bytes of tensor data in those files, as stored (before conversion to f32). */
  storedBytes: number;
  /** The files' own storage types, e.g. ["BF16"]. */
  dtypes: string[];
  files: FolderFiles;
}

async function jsonOf(files: FolderFiles, name: string): Promise<unknown> {
  const file = files.get(name);
  if (!file) throw new CheckpointError(`the folder has no ${name}`);
  try {
    return JSON.parse(await file.text());
  } catch (error) {
    throw new CheckpointError(`${name} is not valid JSON (${(error as Error).message})`);
  }
}

/** The shard files the index lists, each with the tensors it says are there. */
function readIndex(json: unknown, files: FolderFiles): Map<string, Set<string>> {
  const map = (json as { weight_map?: unknown } | null)?.weight_map;
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    throw new CheckpointError(`${INDEX} has no "weight_map" object`);
  const shards = new Map<string, Set<string>>();
  for (const [tensor, file] of Object.entries(map)) {
    if (typeof file !== 'string' || !files.has(file)) {
      throw new CheckpointError(
        `${INDEX} puts tensor "${tensor}" in ${JSON.stringify(file)}, which is not in the folder`,
      );
    }
    shards.set(file, (shards.get(file) ?? new Set()).add(tensor));
  }
  return shards;
}

/** A shard's header, read from its first bytes alone. */
async function readShardHeader(file: string, blob: Blob) {
  const first = new DataView(await blob.slice(0, 8).arrayBuffer());
  const length = headerLength(first, blob.size, file);
  const json = new Uint8Array(await blob.slice(8, 8 + length).arrayBuffer());
  return { header: parseHeader(json, blob.size - 8 - length, file), dataStart: 8 + length };
}

/** Every shard's header as one index, checked against the index file where there is one. */
async function readShards(files: FolderFiles): Promise<{ index: ShardIndex; shards: string[] }> {
  const listed = files.has(INDEX) ? readIndex(await jsonOf(files, INDEX), files) : undefined;
  if (!listed && !files.has(SINGLE)) {
    throw new CheckpointError(
      `the folder has neither ${SINGLE} nor ${INDEX} (it has ${[...files.keys()].join(', ')})`,
    );
  }
  const shards = listed ? [...listed.keys()].sort() : [SINGLE];
  const tensors = new Map<string, ShardedTensor>();
  for (const file of shards) {
    const { header, dataStart } = await readShardHeader(file, files.get(file)!);
    for (const [name, info] of header.tensors) {
      const earlier = tensors.get(name);
      if (earlier) throw new SafetensorsError(`tensor "${name}" is also in ${earlier.file}`, file);
      if (listed && !listed.get(file)!.has(name))
        throw new SafetensorsError(`tensor "${name}" is here, but ${INDEX} does not list it here`, file);
      tensors.set(name, { ...info, file, dataStart });
    }
    for (const name of listed?.get(file) ?? []) {
      if (!header.tensors.has(name))
        throw new SafetensorsError(`tensor "${name}" is missing, though ${INDEX} lists it here`, file);
    }
  }
  return { index: new ShardIndex(tensors, listed ? INDEX : SINGLE), shards };
}

/** Open a folder: config, tokenizer and every header read and checked; no tensor's data read. */
export async function openCheckpoint(files: FolderFiles): Promise<OpenedCheckpoint> {
  const configJson = await jsonOf(files, 'config.json');
  const config = parseConfig(configJson);
  const type = (configJson as { model_type?: unknown }).model_type;
  if (!files.has('tokenizer.json'))
    throw new CheckpointError(
      'the folder has no tokenizer.json, which the engine needs to read and write text',
    );
  const tokenizer = BpeTokenizer.fromJson(await jsonOf(files, 'tokenizer.json'));
  if (tokenizer.vocabSize > config.vocabSize) {
    throw new ConfigError(
      `"vocab_size" is ${config.vocabSize}, fewer than the tokenizer's ${tokenizer.vocabSize} tokens`,
    );
  }
  const { index, shards } = await readShards(files);
  checkTensors(config, index);
  const stored = [...index.tensors.values()];
  return {
    config,
    family: typeof type === 'string' ? type : 'llama',
    tokenizer,
    tensors: index,
    shards,
    storedBytes: stored.reduce((sum, t) => sum + (t.end - t.begin), 0),
    dtypes: [...new Set(stored.map((t) => t.dtype))].sort(),
    files,
  };
}

/** Read the weights of an opened folder, a tensor at a time, as f32; `onProgress` gets the fraction read. */
export async function readCheckpointWeights(
  opened: OpenedCheckpoint,
  onProgress?: (fraction: number) => void,
): Promise<LlamaWeights> {
  const { config, files } = opened;
  const index = opened.tensors as ShardIndex;
  const read = async (name: string, shape: readonly number[]) => {
    const { file, dataStart, begin, end, dtype } = index.info(name, shape);
    const bytes = await files
      .get(file)!
      .slice(dataStart + begin, dataStart + end)
      .arrayBuffer();
    return tensorValues(new DataView(bytes), dtype);
  };
  const specs = tensorSpecs(config);
  const values = new Map<string, Float32Array>();
  for (const [i, spec] of specs.entries()) {
    values.set(spec.name, await read(spec.name, spec.shape));
    onProgress?.((i + 1) / specs.length);
  }
  const weights = assembleWeights(config, (spec) => values.get(spec.name)!);
  return storesTiedHead(config, index)
    ? { ...weights, lmHead: await read(STORED_HEAD, [config.vocabSize, config.hiddenSize]) }
    : weights;
}
