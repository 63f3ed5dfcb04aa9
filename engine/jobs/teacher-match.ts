/**
 * Lesson 5's comparison of a teacher and its smaller models: how well one model (a distilled student, a pruned and
 * healed one, or the teacher sliced without healing) predicts held-out text, and how closely it matches the teacher's
 * next-token distributions there (mean KL(teacher ‖ model) and top-1 agreement, serve/divergence.ts), on the same
 * windows. Both run on the CPU in the worker from their shipped f32 weights, whatever the page's backend (jobs/
 * cpu-model.ts keeps both). The teacher's logits are kept for the last teacher, text and window size asked, window by
 * window, so comparing the next model runs only that model. A cancelled run stops between windows.
 */
import type { LlamaConfig } from '../model/config';
import { parameterCount, type LlamaWeights } from '../model/weights';
import { sliceModel, type Kept } from '../prune/slice';
import { calibrationForward } from '../quant/activation-stats';
import { F32, storedBytes, storedSpecs } from '../quant/stored-tensors';
import { rowsAgreement } from '../serve/divergence';
import { meanNextTokenNll } from '../serve/perplexity';
import { cpuModel, type CpuModel } from './cpu-model';
import { defineDeviceJob, type Progress } from './job';
import { windowsOf } from './score-text';
import { yieldToEvents } from './yield-to-events';

export interface TeacherMatchRequest {
  /** Absolute URL of the teacher's folder. */
  teacherUrl: string;
  /** The model set beside it: its folder's absolute URL, and what to keep of it (sliced before scoring) if pruned. */
  student: { url: string; kept?: Kept };
  /** Held-out text, tokenized by the teacher's tokenizer (the models share it). */
  text: string;
  /** Tokens of the text left out before the first window. */
  skipTokens?: number;
  /** Tokens per window (at most the models' context), and windows scored, consecutive. */
  window: number;
  windows: number;
}

/** One model against the teacher over the windows scored so far. */
export interface TeacherMatch {
  /** Mean negative log-likelihood of the predicted tokens, nats per token, and its exponential. */
  meanNll: number;
  perplexity: number;
  /** Share of predicted positions where the model's most likely next token is the teacher's. */
  top1Agreement: number;
  /** Mean KL(teacher ‖ model) of the next-token distributions, nats per token. */
  meanKl: number;
  /** Positions predicted (window − 1 per window) and windows scored. */
  tokens: number;
  windows: number;
  /** The model's parameters, and the bytes its weights take in f32 (as the CPU holds them and a session loads them). */
  parameters: number;
  weightBytes: number;
}

/** Logits (T, V) of window k, whose tokens are `ids`. */
export type WindowLogits = (k: number, ids: readonly number[]) => Float32Array;

/** Bytes of all the model's weights in f32. */
const f32Bytes = (config: LlamaConfig) =>
  storedSpecs(config, F32).reduce((sum, spec) => sum + storedBytes(spec, F32), 0);

/** A model's logits of any window, from its config and f32 weights. */
export const forwardOf =
  (config: LlamaConfig, weights: LlamaWeights): WindowLogits =>
  (_k, ids) =>
    calibrationForward(config, weights, ids);

/**
 * The match of the model of `config` to the teacher over `windows`, from both models' logits; `onWindow` hears the
 * running match after each window. Undefined when cancelled before the first.
 */
export async function matchTeacher(
  config: LlamaConfig,
  logits: { teacher: WindowLogits; model: WindowLogits },
  windows: readonly number[][],
  onWindow: (match: TeacherMatch, fraction: number) => void = () => {},
  signal?: AbortSignal,
): Promise<TeacherMatch | undefined> {
  const V = config.vocabSize;
  let [nll, kl, agree, tokens] = [0, 0, 0, 0];
  let match: TeacherMatch | undefined;
  for (const [k, ids] of windows.entries()) {
    await yieldToEvents();
    if (signal?.aborted) break;
    const teacher = logits.teacher(k, ids); // (T, V)
    const model = logits.model(k, ids); // (T, V)
    if (teacher.length !== model.length)
      throw new Error('the teacher and the model have different vocabularies');
    const rows = ids.length - 1; // row t predicts ids[t + 1]; the last row predicts past the window
    const { meanKl, top1Agreement } = rowsAgreement(teacher, model, rows, V);
    nll += meanNextTokenNll(model, ids, V) * rows;
    kl += meanKl * rows;
    agree += top1Agreement * rows;
    tokens += rows;
    match = {
      meanNll: nll / tokens,
      perplexity: Math.exp(nll / tokens),
      top1Agreement: agree / tokens,
      meanKl: kl / tokens,
      tokens,
      windows: k + 1,
      parameters: parameterCount(config),
      weightBytes: f32Bytes(config),
    };
    onWindow(match, (k + 1) / windows.length);
  }
  return match;
}

/** The teacher's logits, per window, for the last teacher, text and window size asked. */
let remembered: { key: string; logits: Map<number, Float32Array> } | undefined;

/** The teacher's logits of window k, computed the first time it is asked for. */
function teacherLogitsOf(request: TeacherMatchRequest, teacher: CpuModel): WindowLogits {
  const key = [request.teacherUrl, request.skipTokens ?? 0, request.window, request.text].join('\n');
  if (remembered?.key !== key) remembered = { key, logits: new Map() };
  const { logits } = remembered;
  return (k: number, ids: readonly number[]) => {
    let rows = logits.get(k);
    if (!rows) logits.set(k, (rows = calibrationForward(teacher.config, teacher.weights, ids)));
    return rows;
  };
}

export const teacherMatchJob = defineDeviceJob({
  name: 'teacher-match',
  async run(
    request: TeacherMatchRequest,
    progress: Progress<TeacherMatch>,
    signal,
  ): Promise<TeacherMatch | undefined> {
    const { teacherUrl, student } = request;
    const downloading = (share: number, offset: number) => (fraction: number) =>
      progress({ stage: 'downloading the weights', fraction: offset + fraction * share });
    const teacher = await cpuModel(teacherUrl, downloading(0.25, 0));
    const read = student.url === teacherUrl ? teacher : await cpuModel(student.url, downloading(0.1, 0.25));
    signal.throwIfAborted();
    const model = student.kept ? sliceModel(read.config, read.weights, student.kept) : read;
    const windows = windowsOf(
      teacher.tokenizer.encode(request.text).slice(request.skipTokens ?? 0),
      request.window,
      request.windows,
    );
    const teacherLogits = teacherLogitsOf(request, teacher);
    // The teacher against itself: its own logits, already computed, not a second forward.
    const modelLogits = model === teacher ? teacherLogits : forwardOf(model.config, model.weights);
    progress({ stage: 'scoring held-out windows', fraction: 0.35 });
    return matchTeacher(
      model.config,
      { teacher: teacherLogits, model: modelLogits },
      windows,
      (match, fraction) =>
        progress({ stage: 'scoring held-out windows', fraction: 0.35 + 0.65 * fraction, partial: match }),
      signal,
    );
  },
});

declare module './registry' {
  interface JobTable {
    [teacherMatchJob.name]: typeof teacherMatchJob;
  }
}
