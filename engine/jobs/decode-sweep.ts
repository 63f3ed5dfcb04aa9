/**
 * Timing batched decode on a session: for each batch size, B sequences are prefilled with the same number of
 * tokens, then decoded together for a few steps, and the mean wall-clock step time is kept. The sequences are
 * freed after each batch, so the sweep leaves the cache as it found it.
 */
import type { ModelRunner } from '../model-runner';

export interface DecodeSweepRequest {
  batches: readonly number[];
  /** Tokens in each sequence's cache before the timed steps. */
  context: number;
  /** Timed decode steps per batch size (after one untimed step). */
  steps: number;
}

export interface DecodeSweepPoint {
  batch: number;
  /** Mean wall-clock seconds per decode step, logits read-back included. */
  stepSeconds: number;
  tokensPerSecond: number;
}

export async function decodeSweep(
  session: ModelRunner,
  request: DecodeSweepRequest,
  progress: (fraction: number) => void = () => {},
): Promise<DecodeSweepPoint[]> {
  const points: DecodeSweepPoint[] = [];
  for (const [index, B] of request.batches.entries()) {
    const seqs = Array.from({ length: B }, () => session.create());
    try {
      for (const seq of seqs) {
        await session.forward([
          { seq, tokens: Array.from({ length: request.context }, (_, i) => (i * 31) % 256), logits: 'last' },
        ]);
      }
      const step = () => session.forward(seqs.map((seq) => ({ seq, tokens: [32], logits: 'last' as const })));
      await step();
      const start = performance.now();
      for (let i = 0; i < request.steps; i++) await step();
      const stepSeconds = (performance.now() - start) / 1000 / request.steps;
      points.push({ batch: B, stepSeconds, tokensPerSecond: B / stepSeconds });
    } finally {
      for (const seq of seqs) session.free(seq);
    }
    progress((index + 1) / request.batches.length);
  }
  return points;
}
