/**
 * Making a session: pick the backend (WebGPU where it works, else the CPU, keeping the reason), check the model
 * and cache against the device before allocating, build the weights (generated on the device for synthetic
 * models), and report progress. The result carries what a status line needs.
 */
import type { Backend } from './backend';
import { CpuBackend } from './cpu/forward';
import { acquireGpu, GpuUnavailableError, type GpuContext } from './gpu/device';
import { GpuBackend, type WeightSource } from './gpu/forward';
import { PagedKvCache } from './kv/paged-kv-cache';
import { ConfigError, type LlamaConfig } from './model/config';
import { bufferNeeds, checkLimits, CPU_MEMORY_BUDGET, type SessionShape } from './model/footprint';
import { fetchModel } from './model/fetch-model';
import { openCheckpoint, readCheckpointWeights, type FolderFiles } from './model/checkpoint-folder';
import { readModelFiles, type ModelFromFiles } from './model/read-model-files';
import { ByteTokenizer, type Tokenizer } from './model/tokenizer';
import { parameterCount } from './model/weights';
import { awqCalibrated } from './quant/calibrate-awq';
import { encodeWeights } from './quant/encode-weights';
import { sliceModel, type Kept } from './prune/slice';
import { sparsify, type SparsityPattern } from './prune/sparsity';
import { schemeName, type WeightScheme } from './quant/scheme';
import { F32, storedBytes, storedSpecs } from './quant/stored-tensors';
import { syntheticEncodedWeights } from './quant/synthetic-encoded';
import { ModelRunner } from './model-runner';

/**
 * A seeded synthetic model; a Hugging Face checkpoint's config.json (parsed), model.safetensors bytes and, where it
 * has one, tokenizer.json (parsed; bytes are the tokens otherwise); the URL of a folder holding those files; or a
 * checkpoint folder's files as picked from disk (model/checkpoint-folder.ts: sharded weights too, read a tensor at a
 * time).
 */
export type ModelSource =
  | { kind: 'synthetic'; config: LlamaConfig; seed: number }
  | { kind: 'files'; configJson: unknown; safetensors: ArrayBuffer; tokenizerJson?: unknown }
  | { kind: 'url'; base: string }
  | { kind: 'folder'; files: FolderFiles };

export interface SessionRequest {
  model: ModelSource;
  shape: SessionShape;
  /** 'auto' tries WebGPU first. */
  backend: 'auto' | 'cpu';
  /** How the linear layers' weights are stored (engine/quant); f32 when not given. */
  weights?: WeightScheme;
  /**
   * Before an integer scheme stores a model read from files, fold in AWQ's activation-aware scales, calibrated on
   * this text from token `skipTokens` on (quant/calibrate-awq.ts).
   */
  awq?: { calibrationText: string; skipTokens?: number };
  /**
   * Before storing, prune a model read from files: slice it to what `kept` names (a smaller model, engine/prune/
   * slice.ts), or zero its smallest weights in a sparsity pattern (the same shapes, engine/prune/sparsity.ts).
   */
  prune?: { kept: Kept } | { sparsity: SparsityPattern };
  /**
   * A second model loaded beside the first on the same backend, as speculative decoding's draft: it must share the
   * first model's vocabulary; its linear layers take the same scheme and its cache the same shape (no AWQ, no pruning).
   */
  draft?: ModelSource;
}

/** What a status line says of a model: its shape, parameters and the bytes its weights take. */
export interface ModelInfo {
  parameters: number;
  weightBytes: number;
  config: LlamaConfig;
}

export interface SessionInfo extends ModelInfo {
  backend: 'webgpu' | 'cpu';
  /** Why the CPU is used, when WebGPU was wanted but not available. */
  fallbackReason?: string;
  adapter?: GpuContext['adapter'];
  /** The linear layers' weight scheme, and whether AWQ's scales were folded in first. */
  scheme: WeightScheme;
  awq: boolean;
  /** The draft model, when the request asked for one. */
  draft?: ModelInfo;
}

/** The page's session: the device, the loaded model and its KV cache (in the runner), the tokenizer, what was loaded. */
export interface Session {
  runner: ModelRunner;
  /** The draft model's runner, when the request asked for one; it shares `tokenizer`. */
  draftRunner?: ModelRunner;
  tokenizer: Tokenizer;
  info: SessionInfo;
  destroy(): void;
}

export type Progress = (stage: string, fraction: number) => void;

/** The WebGPU device, or why there is none. */
export async function probeGpu(): Promise<GpuContext | { reason: string }> {
  try {
    return await acquireGpu();
  } catch (error) {
    if (error instanceof GpuUnavailableError) return { reason: error.message };
    return { reason: `WebGPU failed to start: ${(error as Error).message}` };
  }
}

/**
 * The config, the tokenizer, and the weights (linear layers in `scheme`) as the GPU backend takes them plus a way to
 * build them on the CPU.
 */
async function readModel(request: SessionRequest, scheme: WeightScheme, progress: Progress) {
  const source = request.model;
  if (source.kind === 'synthetic') {
    if (request.prune) throw new Error('pruning needs a model read from files, not a synthetic one');
    const gpuWeights: WeightSource = { kind: 'synthetic', seed: source.seed, scheme };
    return {
      config: source.config,
      tokenizer: new ByteTokenizer() as Tokenizer,
      gpuWeights,
      cpuWeights: () => syntheticEncodedWeights(source.config, source.seed, scheme),
    };
  }
  const reading = (fraction: number) => progress('reading weights', 0.5 + fraction * 0.1);
  const model =
    source.kind === 'folder'
      ? await readFolder(source.files, reading)
      : readModelFiles(
          source.kind === 'url'
            ? await fetchModel(source.base, (fraction) => progress('downloading the weights', fraction * 0.5))
            : source,
          reading,
        );
  const { config: read, tokenizer } = model;
  let loaded = model.weights;
  let config = read;
  if (request.prune && 'kept' in request.prune) {
    progress('slicing the pruned model', 0.6);
    ({ config, weights: loaded } = sliceModel(read, loaded, request.prune.kept));
  } else if (request.prune) {
    loaded = sparsify(loaded, request.prune.sparsity);
  }
  if (request.awq) {
    if (scheme.kind !== 'int')
      throw new Error(`AWQ scales weights for an integer scheme, not for ${scheme.kind}`);
    progress('calibrating AWQ scales', 0.6);
    const { calibrationText, skipTokens } = request.awq;
    loaded = awqCalibrated(config, loaded, tokenizer, calibrationText, scheme, skipTokens);
  }
  const weights = encodeWeights(config, loaded, scheme, (fraction) =>
    progress(`storing the weights as ${schemeName(scheme)}`, 0.6 + fraction * 0.1),
  );
  const gpuWeights: WeightSource = { kind: 'loaded', weights, scheme };
  return { config, tokenizer, gpuWeights, cpuWeights: () => weights };
}

/** A picked folder's config, tokenizer and weights, every header checked before any tensor is read. */
async function readFolder(
  files: FolderFiles,
  onProgress: (fraction: number) => void,
): Promise<ModelFromFiles> {
  const opened = await openCheckpoint(files);
  const { config, tokenizer } = opened;
  return { config, tokenizer, weights: await readCheckpointWeights(opened, onProgress) };
}

export async function createSession(
  request: SessionRequest,
  progress: Progress = () => {},
  onDeviceLost?: (message: string) => void,
): Promise<Session> {
  const scheme = request.weights ?? F32;
  const target = await readModel(request, scheme, progress);
  const draft = request.draft
    ? await readModel(
        { model: request.draft, shape: request.shape, backend: request.backend },
        scheme,
        (stage, f) => progress(`the draft model: ${stage}`, f),
      )
    : undefined;
  if (draft && draft.config.vocabSize !== target.config.vocabSize)
    throw new ConfigError(
      `the draft's vocabulary (${draft.config.vocabSize} tokens) is not the target's (${target.config.vocabSize} tokens)`,
    );
  const models = draft ? [target, draft] : [target];
  progress('looking for a GPU', 0);
  const gpu = request.backend === 'auto' ? await probeGpu() : { reason: 'The CPU backend was chosen.' };
  const onGpu = 'device' in gpu;
  for (const { config } of models) {
    const needs = bufferNeeds(config, request.shape, scheme);
    checkLimits(
      needs,
      onGpu
        ? gpu.limits
        : { maxStorageBufferBindingSize: Infinity, maxBufferSize: Infinity, memoryBudget: CPU_MEMORY_BUDGET },
    );
  }
  const backends: Backend[] = [];
  try {
    for (const [index, model] of models.entries()) {
      if (onGpu) {
        // Each model's backend owns its device, so the draft asks the adapter for one of its own.
        const ctx = index === 0 ? gpu : await secondGpu();
        progress('putting the weights on the GPU', 0.7);
        const gpuBackend = await GpuBackend.create(ctx, model.config, model.gpuWeights, request.shape);
        if (onDeviceLost) gpuBackend.onDeviceLost(onDeviceLost);
        backends.push(gpuBackend);
      } else {
        progress('preparing the weights on the CPU', 0.7);
        backends.push(new CpuBackend(model.config, model.cpuWeights(), request.shape));
      }
    }
  } catch (error) {
    for (const backend of backends) backend.destroy();
    throw error;
  }
  progress('ready', 1);
  // Only the configs outlive the load: a closure over `models` would keep every weight read on the host alive as long
  // as the session, even where the GPU holds the only copy in use.
  const configs = models.map((model) => model.config);
  const runnerOf = (index: number) =>
    new ModelRunner(backends[index]!, new PagedKvCache(request.shape), configs[index]!);
  const fallback: Pick<SessionInfo, 'backend' | 'fallbackReason' | 'adapter'> = onGpu
    ? { backend: 'webgpu', adapter: gpu.adapter }
    : request.backend === 'cpu'
      ? { backend: 'cpu' }
      : { backend: 'cpu', fallbackReason: gpu.reason };
  return {
    runner: runnerOf(0),
    ...(draft && { draftRunner: runnerOf(1) }),
    tokenizer: target.tokenizer,
    info: {
      ...fallback,
      ...modelInfo(target.config, scheme),
      scheme,
      awq: !!request.awq,
      ...(draft && { draft: modelInfo(draft.config, scheme) }),
    },
    destroy: () => backends.forEach((backend) => backend.destroy()),
  };
}

/** A second WebGPU device, for the draft model. */
async function secondGpu(): Promise<GpuContext> {
  const gpu = await probeGpu();
  if ('reason' in gpu) throw new Error(`The draft model found no GPU of its own: ${gpu.reason}`);
  return gpu;
}

function modelInfo(config: LlamaConfig, scheme: WeightScheme): ModelInfo {
  return { parameters: parameterCount(config), weightBytes: weightBytes(config, scheme), config };
}

/** Bytes all the model's weights take with its linear layers in `scheme`. */
function weightBytes(config: LlamaConfig, scheme: WeightScheme): number {
  return storedSpecs(config, scheme).reduce((sum, spec) => sum + storedBytes(spec, scheme), 0);
}
