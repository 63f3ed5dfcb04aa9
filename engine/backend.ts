/**
 * What a backend (CPU or WebGPU) runs: one forward step over a batch of sequences, flattened to token rows.
 * Each row is one new token: its id, its position in its sequence, the cache slot its keys and values go to,
 * and where its sequence's page table starts. Prefill, decode, batched decode and draft verification are all
 * this one shape.
 */
import type { BlockCopy } from './kv/paged-kv-cache';

export interface ForwardStep {
  /** Token ids, one per row. */
  tokens: Int32Array; // (T)
  /** Position of each row's token within its sequence. */
  positions: Int32Array; // (T)
  /** Physical KV slot each row writes. */
  slots: Int32Array; // (T)
  /** Offset of each row's page table in `pageTables`. */
  tableStart: Int32Array; // (T)
  /** All sequences' page tables, concatenated. */
  pageTables: Int32Array;
  /** Rows whose logits are returned, in order. */
  logitRows: Int32Array;
  /** Block copies (copy-on-write) to perform before writing this step's keys and values. */
  copies: readonly BlockCopy[];
}

/** Which clock a time came from: GPU timestamps written between dispatches, or the host's wall clock. */
export type TimingClock = 'gpu-timestamp' | 'wall-clock';

/**
 * Seconds one dispatch (or CPU op) of a step took. `covers` names the ops of engine/measure/op-costs.ts it
 * computes: one op, or several when a kernel fuses them.
 */
export interface OpTime {
  name: string;
  covers: readonly string[];
  seconds: number;
  clock: TimingClock;
}

export interface Backend {
  readonly kind: 'cpu' | 'webgpu';
  /** Run the step; returns logits (logitRows.length, V). */
  forward(step: ForwardStep): Promise<Float32Array>;
  /**
   * Run the step and time each op. The WebGPU backend repeats each op to time it, which may overwrite this step's
   * own cache slots: time a scratch sequence (a fork) and free it afterwards.
   */
  timeOps(step: ForwardStep): Promise<OpTime[]>;
  /** Release device memory. */
  destroy(): void;
}
