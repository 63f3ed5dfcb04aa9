/**
 * Lesson 5's "what matching the output distribution means": one prompt through a teacher and a student, each
 * model's logits for the token after it (Hinton et al. 2015, arXiv:1503.02531, distil on exactly these). Both shipped
 * models are read onto the CPU in the worker (cpu-model.ts keeps the two) whatever the page's backend. Temperature
 * is not asked for: the page takes softmaxAt of the logits itself (serve/divergence.ts), so a temperature control
 * redraws without a job. What this is not: sampling, or a KL over many positions (rowsAgreement does that).
 */
import { calibrationForward } from '../quant/activation-stats';
import type { Tokenizer } from '../model/tokenizer';
import { topIds } from '../serve/top-ids';
import { cpuModel, type CpuModel } from './cpu-model';
import { defineDeviceJob } from './job';
import { yieldToEvents } from './yield-to-events';

export interface NextTokenRequest {
  /** Absolute URL of the teacher's folder. */
  teacherUrl: string;
  /** Absolute URL of the student's folder; its tokenizer must be the teacher's. */
  studentUrl: string;
  /** Text whose next token both models predict; its last tokens up to the models' positions are read. */
  prompt: string;
}

export interface NextTokenResult {
  /** Tokens the prompt has, and how many of its last ones the models read (at most their positions). */
  promptTokens: number;
  tokensRead: number;
  /** The models' positions: the most a prompt can be read of. */
  positions: number;
  /** The logits at the prompt's last position, in f32 values. */
  teacherLogits: number[]; // (V)
  studentLogits: number[]; // (V)
  /** The text of each model's NAMED_TOKENS most likely tokens, by id: every token a top list can show. */
  tokenTexts: Record<number, string>;
}

/** Tokens named per model: the top lists a page draws are at most this long. */
export const NAMED_TOKENS = 32;

/** The prompt's ids, and the last of them the model reads: at most its positions; throws for a prompt of none. */
export function promptWindow(
  tokenizer: Tokenizer,
  prompt: string,
  positions: number,
): { promptTokens: number; ids: number[] } {
  const all = tokenizer.encode(prompt);
  if (all.length === 0) throw new Error('The prompt has no tokens.');
  // The prediction is about the text's end, so a long prompt keeps its last tokens.
  return { promptTokens: all.length, ids: all.slice(-positions) };
}

/** The last row of the model's logits (T, V) over `ids`. */
function lastLogits({ config, weights }: CpuModel, ids: readonly number[]): number[] {
  const V = config.vocabSize;
  return Array.from(calibrationForward(config, weights, ids).subarray((ids.length - 1) * V));
}

/** Both models' logits for the token after the prompt; throws if they do not share a vocabulary. */
export async function nextToken(
  teacher: CpuModel,
  student: CpuModel,
  prompt: string,
  checkpoint: (stage: string, fraction: number) => Promise<void> = async () => {},
): Promise<NextTokenResult> {
  const V = teacher.config.vocabSize;
  if (student.config.vocabSize !== V || student.tokenizer.vocabSize !== teacher.tokenizer.vocabSize)
    throw new Error(
      `the student's vocabulary (${student.config.vocabSize} tokens) is not the teacher's (${V} tokens)`,
    );
  const positions = Math.min(teacher.config.maxPositions, student.config.maxPositions);
  const { promptTokens, ids } = promptWindow(teacher.tokenizer, prompt, positions);
  await checkpoint('running the teacher on the prompt', 0);
  const teacherLogits = lastLogits(teacher, ids);
  await checkpoint('running the student on the prompt', 0.5);
  const studentLogits = lastLogits(student, ids);
  const named = new Set([...topIds(teacherLogits, NAMED_TOKENS), ...topIds(studentLogits, NAMED_TOKENS)]);
  const tokenTexts: Record<number, string> = {};
  for (const id of named) tokenTexts[id] = teacher.tokenizer.decode([id]);
  return { promptTokens, tokensRead: ids.length, positions, teacherLogits, studentLogits, tokenTexts };
}

export const nextTokenJob = defineDeviceJob({
  name: 'next-token',
  async run(request: NextTokenRequest, progress, signal): Promise<NextTokenResult> {
    const download = (from: number, model: string) => (fraction: number) =>
      progress({ stage: `downloading the ${model}'s weights`, fraction: from + fraction * 0.4 });
    const teacher = await cpuModel(request.teacherUrl, download(0, 'teacher'));
    const student = await cpuModel(request.studentUrl, download(0.4, 'student'));
    return nextToken(teacher, student, request.prompt, async (stage, fraction) => {
      progress({ stage, fraction: 0.8 + fraction * 0.2 });
      await yieldToEvents();
      signal.throwIfAborted();
    });
  },
});

declare module './registry' {
  interface JobTable {
    [nextTokenJob.name]: typeof nextTokenJob;
  }
}
