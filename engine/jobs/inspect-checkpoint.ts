/**
 * A checkpoint folder the reader picked, opened in the worker without reading its weights (model/checkpoint-folder.ts):
 * its shape, what it stores, and how it fits this device (model/checkpoint-fit.ts), with the weights kept in f32 as the
 * measured widgets keep them and in f16 as an alternative. A folder the engine cannot run is refused here, naming the
 * file and field, before anything large is read or allocated. A refusal is the job's answer about the folder, not a
 * failure of the engine, so it comes back as a result.
 */
import { TokenizerError } from '../model/bpe-tokenizer-error';
import { CheckpointError, openCheckpoint, type FolderFiles } from '../model/checkpoint-folder';
import { ConfigError } from '../model/config-fields';
import { SafetensorsError } from '../model/safetensors-header';
import { checkpointFits, type CheckpointFit } from '../model/checkpoint-fit';
import type { LlamaConfig } from '../model/config';
import type { DeviceLimits } from '../model/footprint';
import { defineDeviceJob } from './job';

export interface InspectCheckpointRequest {
  files: FolderFiles;
  /** The limits sessions are checked against here (the adapter's, or the CPU fallback's budget). */
  limits: DeviceLimits;
}

export interface CheckpointInspection {
  config: LlamaConfig;
  /** config.json's "model_type" ("llama" where it has none). */
  family: string;
  shards: string[];
  /** Bytes of tensor data in the files, as stored, and the files' storage types. */
  storedBytes: number;
  dtypes: string[];
  tokenizerVocabulary: number;
  fits: { f32: CheckpointFit; f16: CheckpointFit };
}

/** What the engine makes of a folder: what it is and how it fits, or why it cannot run it. */
export type CheckpointReading = { inspection: CheckpointInspection } | { refusal: string };

async function inspect({ files, limits }: InspectCheckpointRequest): Promise<CheckpointInspection> {
  const opened = await openCheckpoint(files);
  const { config } = opened;
  return {
    config,
    family: opened.family,
    shards: opened.shards,
    storedBytes: opened.storedBytes,
    dtypes: opened.dtypes,
    tokenizerVocabulary: opened.tokenizer.vocabSize,
    fits: checkpointFits(config, limits),
  };
}

/** An error that says what is wrong with the folder (a file the browser cannot read included), not with the engine. */
function isRefusal(error: unknown): error is Error {
  return [CheckpointError, ConfigError, SafetensorsError, TokenizerError, DOMException].some(
    (kind) => error instanceof kind,
  );
}

export const inspectCheckpointJob = defineDeviceJob({
  name: 'inspect-checkpoint',
  async run(request: InspectCheckpointRequest): Promise<CheckpointReading> {
    try {
      return { inspection: await inspect(request) };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return { refusal: error.message };
    }
  },
});

declare module './registry' {
  interface JobTable {
    [inspectCheckpointJob.name]: typeof inspectCheckpointJob;
  }
}
