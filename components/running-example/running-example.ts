/**
 * The running example of lessons 1–3, the lecture's: Llama 2 13B in bf16 on one H100 SXM at a context of S = 1,024,
 * decoded at B = 1, 64 and 256; in lesson 3 the same model with 8 KV heads. Each batch is worked out in the
 * lecture's simple accounting (every parameter and the whole KV cache read once per step, ÷ bandwidth) and in the
 * engine's (engine/analytic/decode.ts: the embedding table read one row per sequence, the new token's keys and
 * values written, and the FLOPs, in case they take longer).
 */
import { analytic } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds, formatSi } from '../charts/format';

/** The example's model, device, number format, context and batches. */
export const RUNNING = {
  model: 'llama-2-13b',
  device: 'h100-sxm',
  dtype: 'bf16',
  S: 1024,
  batches: [1, 64, 256],
} as const;

/** The example's setup, with its model's KV heads set to `kvHeads` where given (lesson 3's grouped-query variant). */
export function runningSetup(kvHeads?: number): analytic.ServingSetup {
  const shape = analytic.modelById(RUNNING.model).shape;
  return {
    model: kvHeads === undefined ? shape : { ...shape, K: kvHeads },
    device: analytic.hardwareById(RUNNING.device),
    weightDtype: RUNNING.dtype,
    kvDtype: RUNNING.dtype,
  };
}

/** One batch of the example in both accountings. */
export interface RunningRow {
  B: number;
  lecture: ReturnType<typeof analytic.lectureDecodeStep>;
  engine: analytic.DecodeStep;
}

export function runningRows(setup: analytic.ServingSetup): RunningRow[] {
  return RUNNING.batches.map((B) => ({
    B,
    lecture: analytic.lectureDecodeStep(setup, B, RUNNING.S),
    engine: analytic.decodeStep(setup, B, RUNNING.S),
  }));
}

export const RUNNING_COLUMNS = [
  'Batch B',
  'Memory (weights + KV)',
  'Fits',
  'Step, lecture’s accounting',
  'Tokens/s, lecture’s',
  'Step, engine’s accounting',
  'Tokens/s, engine’s',
  'Bound by',
];

/** The rows as the table shows them. */
export function runningTable(rows: readonly RunningRow[]): string[][] {
  return rows.map(({ B, lecture, engine }) => [
    formatInteger(B),
    formatSi(engine.memoryBytes, 'B'),
    engine.fits ? 'yes' : 'no',
    formatSeconds(lecture.seconds),
    formatNumber(lecture.tokensPerSecond),
    formatSeconds(engine.seconds),
    formatNumber(engine.tokensPerSecond),
    engine.bound,
  ]);
}

/** Why the two accountings differ, in one sentence with the batch-1 numbers. */
export function accountingDifference(setup: analytic.ServingSetup): string {
  const { V, D } = setup.model;
  const [one] = runningRows(setup);
  const lectureBytes = one!.lecture.bytes;
  const engineBytes = one!.engine.weightBytesRead + one!.engine.kvBytesMoved;
  return (
    `At batch 1 the engine's accounting moves ${formatSi(engineBytes, 'B')} per step against the lecture's ` +
    `${formatSi(lectureBytes, 'B')}: it reads one ${formatInteger(D)}-wide row of the ${formatInteger(V)}-row ` +
    `embedding table per sequence rather than the whole table, and adds the new token's keys and values, written ` +
    `to the cache; the two agree to ${formatNumber((100 * Math.abs(engineBytes - lectureBytes)) / lectureBytes, 2)} %.`
  );
}
