/**
 * Runs a context sweep on each of several synthetic variants in turn on the page's engine (each load replaces the
 * last), keeping each variant's points as they arrive, which variant is running, whether one failed, and a Cancel
 * that stops the sweep between steps and skips the variants not yet run.
 */
import type { ContextSweepPoint, LlamaConfig } from '@engine/index';
import type { Engine } from '../state/engine.svelte';
import { PREFILL_CHUNK, variantRequest } from './variant-sweep';

export interface Variant {
  id: string;
  /** Name shown in legends and tables, e.g. "GQA, K = 2". */
  label: string;
  config: LlamaConfig;
}

export interface VariantResult {
  variant: Variant;
  points: ContextSweepPoint[];
}

export class VariantRuns {
  results = $state.raw<VariantResult[]>([]);
  /** The variant being measured, while a run is on. */
  current = $state.raw<Variant | undefined>();
  /** Variants finished in this run, for the progress line. */
  done = $state(0);
  cancelled = $state(false);
  /** Whether a variant failed to load or run (the engine's error says why). */
  failed = $state(false);
  #controller: AbortController | undefined;

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Sweep `contexts` with `steps` timed steps on every variant; resolves when all are done or the run is cancelled. */
  async run(
    engine: Engine,
    variants: readonly Variant[],
    contexts: readonly number[],
    steps: number,
  ): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    this.results = [];
    this.cancelled = false;
    this.failed = false;
    this.done = 0;
    const last = contexts.at(-1)!;
    for (const variant of variants) {
      if (controller.signal.aborted) break;
      this.current = variant;
      const result = await engine.contextSweep(
        variantRequest(variant.config, last, steps),
        { contexts, steps, chunk: Math.min(PREFILL_CHUNK, last) },
        controller.signal,
      );
      if (!result) {
        this.failed = true;
        break;
      }
      if (result.points.length) this.results = [...this.results, { variant, points: result.points }];
      this.done++;
    }
    this.cancelled = controller.signal.aborted;
    this.current = undefined;
    this.#controller = undefined;
  }

  cancel(): void {
    this.#controller?.abort();
  }
}
