/**
 * Cross-layer KV sharing (Brandon et al. 2024, "Reducing Transformer Key-Value Cache Size with Cross-Layer
 * Attention", arXiv:2405.12981): layers are taken in groups of `kvShareGroup` adjacent layers; the first layer of a
 * group projects keys and values and writes them to the group's cache, and every layer of the group attends over
 * that cache. The others have no key or value projections at all.
 */
import type { LlamaConfig } from './config';

type Sharing = Pick<LlamaConfig, 'numLayers' | 'kvShareGroup'>;

function groupSize(c: Sharing): number {
  const k = c.kvShareGroup ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new Error(`kvShareGroup must be a positive integer, got ${k}`);
  return k;
}

/** Whether layer l projects and writes its own keys and values (the first layer of its group). */
export function writesKv(c: Sharing, l: number): boolean {
  return l % groupSize(c) === 0;
}

/** The KV cache layer l reads: its group's, numbered 0 .. kvCacheCount − 1. */
export function kvCacheOf(c: Sharing, l: number): number {
  return Math.floor(l / groupSize(c));
}

/** The layers that write a cache, one per cache held (the last group may be shorter). */
export function kvWritingLayers(c: Sharing): number[] {
  return Array.from({ length: c.numLayers }, (_, l) => l).filter((l) => writesKv(c, l));
}
