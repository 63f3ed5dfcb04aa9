/**
 * The scheduler's steps priced by the cost model instead of run: a real model on a real GPU (analytic presets), for
 * loads far beyond a browser. A step reads every weight once, reads each sequence's cached keys and values and writes
 * its new ones, and does 2 FLOPs per matrix weight per token plus causal attention; it takes the longer of moving
 * those bytes at the device's bandwidth and doing those FLOPs at its peak (analytic/decode.ts's model, for a step
 * of mixed prefill chunks and decodes). Nothing is generated: each sampled request gets token 0, which the scheduler
 * only counts.
 */
import { attentionCost } from '../../analytic/attention';
import { decodeBytes, type ServingSetup } from '../../analytic/decode';
import { kvBytesPerToken, matmulParams } from '../../analytic/llama-shape';
import { peakFlops } from '../../analytic/roofline';
import type { Executor, StepItem } from './scheduler';

/** Seconds of one step in which each sequence feeds `tokens` new tokens after `cached` ones. */
export function stepSeconds(
  setup: ServingSetup,
  items: readonly { tokens: number; cached: number }[],
): number {
  const { model, device, weightDtype, kvDtype } = setup;
  const { L, N, K, H } = model;
  const fed = items.reduce((s, item) => s + item.tokens, 0);
  const { weightBytesRead } = decodeBytes(setup, fed, 0);
  const kv = items.reduce((s, item) => s + (item.cached + item.tokens) * kvBytesPerToken(model, kvDtype), 0);
  const attention = items.reduce(
    (s, { tokens: T, cached }) => s + attentionCost({ B: 1, T, S: cached + T, N, K, H }, kvDtype, true).flops,
    0,
  );
  const flops = 2 * fed * matmulParams(model) + L * attention;
  return Math.max((weightBytesRead + kv) / device.bandwidth, flops / peakFlops(device, weightDtype));
}

export class CostModelExecutor implements Executor {
  readonly #setup: ServingSetup;
  readonly #cached = new Map<number, number>();

  constructor(setup: ServingSetup) {
    this.#setup = setup;
  }

  async step(items: readonly StepItem[]) {
    const priced = items.map((item) => ({
      tokens: item.tokens.length,
      cached: item.fresh ? 0 : (this.#cached.get(item.request) ?? 0),
    }));
    items.forEach((item, i) => this.#cached.set(item.request, priced[i]!.cached + item.tokens.length));
    const tokens = new Map(items.filter((item) => item.sample).map((item) => [item.request, 0]));
    return { seconds: stepSeconds(this.#setup, priced), tokens };
  }

  release(request: number): void {
    this.#cached.delete(request);
  }
}
