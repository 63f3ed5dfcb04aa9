/**
 * Lesson 6's analytic payoff: Llama 2 70B verifying what Llama 2 7B drafts, one sequence on one device, from
 * engine/analytic's speculative step (each step time from the memory-bound decode model; a verification is one
 * forward over K + 1 positions that reads the target's weights once). Speedup against K for one α, the K that pays
 * best, and whether the two models' weights fit the device at all.
 */
import { analytic } from '@engine/index';
import { formatSi } from '../charts/format';

export const TARGET = analytic.modelById('llama-2-70b');
export const DRAFT = analytic.modelById('llama-2-7b');

/** The chart's K runs from 1 to this. */
export const MAX_K = 16;

/** The faint curves drawn for context, one per acceptance rate. */
export const CONTEXT_ALPHAS = [0.6, 0.7, 0.8, 0.9] as const;

/** The target and the draft on one device, both with their weights in one format and their KV caches in bf16. */
export interface SpeculativePair {
  target: analytic.ServingSetup;
  draft: analytic.ServingSetup;
}

export function speculativePair(device: analytic.Hardware, weightDtype: analytic.DType): SpeculativePair {
  const setup = (model: analytic.ModelPreset) => ({
    model: model.shape,
    device,
    weightDtype,
    kvDtype: 'bf16' as const,
  });
  return { target: setup(TARGET), draft: setup(DRAFT) };
}

/** The speculative step at K = 1 … MAX_K, acceptance rate α, context S. */
export function speedupCurve(pair: SpeculativePair, alpha: number, S: number): analytic.SpeculativeCost[] {
  return Array.from({ length: MAX_K }, (_, i) =>
    analytic.speculativeCost(pair.target, pair.draft, i + 1, alpha, S),
  );
}

/** The step that pays best: the largest speedup, the smallest K on a tie. */
export function bestOf(curve: readonly analytic.SpeculativeCost[]): analytic.SpeculativeCost {
  return curve.reduce((best, cost) => (cost.speedup > best.speedup ? cost : best));
}

/** Whether both models' weights fit the device's memory, and what the step times then stand for. */
export function fitNote({ target, draft }: SpeculativePair): string {
  const [targetBytes, draftBytes] = [analytic.weightBytes(target), analytic.weightBytes(draft)];
  const { name, memoryBytes } = target.device;
  const both = targetBytes + draftBytes;
  const weights = `${TARGET.name}'s weights in ${target.weightDtype} take ${formatSi(targetBytes, 'B')} and ${DRAFT.name}'s ${formatSi(draftBytes, 'B')}`;
  if (both > memoryBytes)
    return (
      `${weights}: ${formatSi(both, 'B')} together, more than the ${name}'s ${formatSi(memoryBytes, 'B')}. ` +
      `The step times are what one such device's bandwidth would give if they fitted; a real deployment splits ` +
      `the target over several GPUs, which shortens its step but adds the traffic between them.`
    );
  return (
    `${weights}: ${formatSi(both, 'B')} together fit in the ${name}'s ${formatSi(memoryBytes, 'B')}, ` +
    `leaving ${formatSi(memoryBytes - both, 'B')} for the two KV caches.`
  );
}
