/**
 * One colour per sequence of a page-table run, the same in the drawing, the tables and the texts. Sequences are
 * numbered in the order they first appear (A, B, then the samples) by their id in the cache, which a request keeps
 * when it becomes a sample's parent and is renamed; coloured with the categorical colours the serving widgets use.
 */
import type { PageSnapshot } from '@engine/index';
import { requestColour } from '../charts/request-colours';

/** The colour of each sequence of the run, by its id in the cache. */
export function sequenceColours(snapshots: readonly PageSnapshot[]): Map<number, string> {
  const ids = [...new Set(snapshots.flatMap((s) => s.sequences.map((q) => q.seq)))];
  return new Map(ids.map((seq, i) => [seq, requestColour(i)]));
}
