/**
 * A measured variant widget's run: what runs here (the context asked for, clamped on the CPU fallback, and the model
 * size that fits this device), then, after measuring the device (once per visit: the predictions need its rates),
 * a context sweep of each variant in turn on the page's engine (each load replaces the last), each variant's points
 * shown as it finishes. Cancel stops the sweep between steps, keeps what was measured and skips the variants not yet
 * run; a variant that fails ends the run with the engine's error, the variants before it still shown.
 */
import { EngineRun } from '../frame/engine-run.svelte';
import { InTurn } from '../frame/in-turn.svelte';
import { fitModel, type ModelFit } from '../frame/model-fit';
import type { Engine } from '../state/engine.svelte';
import {
  clampContext,
  PREFILL_CHUNK,
  sweepOffers,
  sweepShape,
  variantRequest,
  type ClampedContext,
  type Variant,
  type VariantResult,
} from './variant-sweep';

/** What one run measures: every variant at every context, with `steps` timed decode steps at each. */
export interface VariantPlan {
  variants: readonly Variant[];
  contexts: readonly number[];
  steps: number;
}

/** What a widget's controls ask for: a model size and the longest context. */
export interface VariantAsk {
  sizeId: string;
  context: number;
}

type VariantEngine = Pick<Engine, 'probe' | 'progress' | 'measureDevice' | 'run'>;

export class VariantRun {
  /** The variants in turn, and the one being measured. */
  readonly turns: InTurn<Variant>;
  /** The longest context swept here, and why it is not the one asked for. */
  readonly clamped: ClampedContext;
  /** The model size that runs here: the one asked for if it fits, else the largest that does. */
  readonly fit: ModelFit;
  /** Where the variants run, for the widget's sentences. */
  readonly where: string;
  readonly run: EngineRun<VariantPlan, VariantResult[]>;
  readonly #engine: VariantEngine;

  /** `steps` timed decode steps at each context; `ask` reads the widget's controls. */
  constructor(engine: VariantEngine, steps: number, ask: () => VariantAsk) {
    this.#engine = engine;
    this.clamped = $derived(clampContext(engine.probe, ask().context));
    this.fit = $derived(
      fitModel(
        sweepOffers(this.clamped.context, steps),
        ask().sizeId,
        engine.probe,
        sweepShape(this.clamped.context, steps),
      ),
    );
    this.where = $derived(engine.probe?.backend === 'cpu' ? 'the CPU' : 'this GPU');
    this.turns = new InTurn('variants', (variant) => variant.label, engine);
    this.run = new EngineRun((plan, signal, partial) => this.#sweep(plan, signal, partial));
  }

  /** The status line after Cancel: how many variants were measured. */
  get cancelledText(): string {
    return this.turns.cancelledText(this.run.result?.length ?? 0, this.run.resultRequest?.variants.length);
  }

  async #sweep(
    { variants, contexts, steps }: VariantPlan,
    signal: AbortSignal,
    partial: (results: VariantResult[]) => void,
  ): Promise<VariantResult[]> {
    const results: VariantResult[] = [];
    const last = contexts.at(-1)!;
    const sweep = { contexts, steps, chunk: Math.min(PREFILL_CHUNK, last) };
    await this.#engine.measureDevice();
    await this.turns.each(variants, signal, async (variant) => {
      const model = variantRequest(variant.config, last, steps);
      const { points } = await this.#engine.run('context-sweep', sweep, { model, signal });
      if (points.length) {
        results.push({ variant, points });
        partial([...results]);
      }
    });
    return results;
  }
}
