/**
 * Where the KV cache starts to matter, from the memory-bound decode model in decode.ts: the context at which a
 * decode step moves as many KV bytes as weight bytes, and the longest context a batch can hold beside the weights.
 * Pope et al. 2022, section 2 (the KV cache's memory and bandwidth cost).
 */
import { decodeBytes, weightBytes, type ServingSetup } from './decode';
import { kvBytesPerToken } from './llama-shape';

/** Smallest context S (itself included) at which one decode step of B sequences moves at least as many KV bytes as weight bytes. */
export function kvCrossoverContext(
  setup: Pick<ServingSetup, 'model' | 'weightDtype' | 'kvDtype'>,
  B: number,
): number {
  const { weightBytesRead } = decodeBytes(setup, B, 1);
  const perToken = B * kvBytesPerToken(setup.model, setup.kvDtype);
  // The step moves B·(S + 1) tokens of KV: S read, one written.
  return Math.max(1, Math.ceil(weightBytesRead / perToken) - 1);
}

/** Longest context S at which B sequences' KV caches fit beside the weights (0 when not even one token fits). */
export function maxContext(setup: ServingSetup, B: number): number {
  const free = setup.device.memoryBytes - weightBytes(setup);
  if (free <= 0) return 0;
  return Math.floor(free / (B * kvBytesPerToken(setup.model, setup.kvDtype)));
}
