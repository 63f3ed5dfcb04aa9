/**
 * A shipped model's f32 weights on the CPU, for the jobs that compute on the weights themselves whatever backend the
 * page's session uses (lesson 4's weight grid and activation outliers). Reading the files is a pure function, which
 * the jobs' tests call on the files from disk; fetching goes through model/fetch-model.ts and is cached in the worker
 * for the last two folders asked (a teacher and a student; about four bytes per parameter each), so a control that
 * moves does not download a model again. This is not a session: nothing here touches the page's loaded model or the GPU.
 */
import { fetchModel } from '../model/fetch-model';
import { readModelFiles, type ModelFileSet, type ModelFromFiles } from '../model/read-model-files';

/** A model read onto the CPU: its config, its weights in f32 and its tokenizer. */
export type CpuModel = ModelFromFiles;

/**
 * Read a model's files (config.json parsed, model.safetensors bytes, tokenizer.json parsed where it has one), checked
 * against each other as a session's are (model/read-model-files.ts).
 */
export function readCpuModel(files: ModelFileSet): CpuModel {
  return readModelFiles(files);
}

/** Models kept in the worker at once. */
export const CPU_MODELS_KEPT = 2;

/** The models kept, by folder, the most recently asked last: each model or its download in flight. */
const cached = new Map<string, Promise<CpuModel>>();

/**
 * The model in the folder at `base` (an absolute URL), fetched the first time and kept until two other folders
 * have been asked for since; `onProgress` gets the fraction of the weights downloaded, on the call that downloads them.
 */
export function cpuModel(base: string, onProgress: (fraction: number) => void = () => {}): Promise<CpuModel> {
  let model = cached.get(base);
  if (model) {
    cached.delete(base);
  } else {
    model = fetchModel(base, onProgress).then(readCpuModel);
    const entry = model;
    // A failed download is not kept, so the next run tries again.
    entry.catch(() => {
      if (cached.get(base) === entry) cached.delete(base);
    });
  }
  cached.set(base, model);
  while (cached.size > CPU_MODELS_KEPT) cached.delete(cached.keys().next().value!);
  return model;
}
