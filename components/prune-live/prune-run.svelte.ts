/**
 * The run of lesson 5's pruning widgets: each variant in turn is loaded on the page's engine as its own session (the
 * target sliced to what the variant keeps, or made sparse; each load replaces the last), scores the same held-out
 * windows, and, when asked, times batch-1 decode steps. A sliced variant first needs its criterion's importance
 * scores, which the prune-importance job computes once per criterion in the worker, from held-out text after the
 * scored windows. The unpruned point is kept for the windows it scored, so moving a control measures only the pruned
 * model. Cancel stops between windows and keeps the variants measured to the end.
 */
import { parameterCount, type Criterion, type PruneImportanceResult } from '@engine/index';
import { EngineRun } from '../frame/engine-run.svelte';
import { InTurn } from '../frame/in-turn.svelte';
import type { TrainedModel } from '../frame/model-fit';
import { trainedSession } from '../frame/session-request';
import { importanceRequest } from '../importance-map/importance-request';
import { clampWindows, qualityShape, type ClampedWindows } from '../quant-quality/quant-quality';
import type { Engine } from '../state/engine.svelte';
import {
  prunedModel,
  variantLabel,
  type PrunePoint,
  type PruneResult,
  type PruneVariant,
} from './prune-variants';

/** Tokens in the cache before the timed decode steps. */
export const DECODE_CONTEXT = 32;
/** Timed decode steps per variant on a GPU and on the CPU fallback, the most: */
export const GPU_STEPS = 16;
export const CPU_STEPS = 8;
/** where steps are slow (a software GPU) the timing stops once it has spent this many seconds (decode-sweep.ts). */
export const DECODE_BUDGET_SECONDS = 2;

/** What one run measures: the variants, the windows each scores, and whether decode is timed. */
export interface PrunePlan {
  variants: readonly PruneVariant[];
  windows: number;
  timeDecode: boolean;
}

type PruneEngine = Pick<Engine, 'probe' | 'progress' | 'run'>;

export class PruneRun {
  readonly turns: InTurn<PruneVariant>;
  /** The windows scored here, and why they are not the number asked for. */
  readonly clamped: ClampedWindows;
  readonly run: EngineRun<PrunePlan, PruneResult>;
  readonly #engine: PruneEngine;
  readonly #model: () => TrainedModel;
  readonly #text: () => Promise<string>;
  /** The unpruned model's point, by the windows it scored and whether its decode was timed. */
  #unpruned = new Map<string, PrunePoint>();

  /** `model` reads the widget's model, `asked` the windows it asks for; `text` gives the held-out text. */
  constructor(
    engine: PruneEngine,
    model: () => TrainedModel,
    text: () => Promise<string>,
    asked: () => number,
  ) {
    this.#engine = engine;
    this.#model = model;
    this.#text = text;
    this.clamped = $derived(clampWindows(engine.probe, asked(), 'model'));
    this.turns = new InTurn('models', variantLabel, engine);
    this.run = new EngineRun((plan, signal, partial) => this.#measure(plan, signal, partial));
  }

  /** Timed decode steps on this device. */
  get steps(): number {
    return this.#engine.probe?.backend === 'cpu' ? CPU_STEPS : GPU_STEPS;
  }

  /** The status line after Cancel. */
  get cancelledText(): string {
    return this.turns.cancelledText(
      this.run.result?.points.length ?? 0,
      this.run.resultRequest?.variants.length,
    );
  }

  async #measure(
    plan: PrunePlan,
    signal: AbortSignal,
    partial: (r: PruneResult) => void,
  ): Promise<PruneResult> {
    const points: PrunePoint[] = [];
    const text = await this.#text();
    await this.turns.each(plan.variants, signal, async (variant) => {
      const key = `${plan.windows} ${plan.timeDecode}`;
      const known = variant.kind === 'unpruned' ? this.#unpruned.get(key) : undefined;
      const point = known ?? (await this.#point(variant, plan, text, signal));
      if (!point) return;
      if (variant.kind === 'unpruned') this.#unpruned.set(key, point);
      points.push(point);
      partial({ windows: plan.windows, points: [...points] });
    });
    return { windows: plan.windows, points };
  }

  /** One variant loaded, scored and timed; undefined when cancelled before it finished. */
  async #point(
    variant: PruneVariant,
    { windows, timeDecode }: PrunePlan,
    text: string,
    signal: AbortSignal,
  ): Promise<PrunePoint | undefined> {
    const target = this.#model();
    const window = target.config.maxPositions;
    const importance =
      variant.kind === 'sliced' ? await this.#importance(variant.criterion, text, signal) : undefined;
    const { config, prune } = prunedModel(target.config, variant, importance);
    const model = { ...trainedSession(target, qualityShape(window)), ...(prune && { prune }) };
    const score = await this.#engine.run('score-text', { text, window, windows }, { model, signal });
    if (!score || score.windows < windows || signal.aborted) return undefined;
    const point: PrunePoint = {
      variant,
      config,
      parameters: parameterCount(config),
      weightBytes: score.weightBytes,
      meanNll: score.meanNll,
      perplexity: score.perplexity,
      tokens: score.tokens,
    };
    if (!timeDecode) return point;
    const sweep = {
      batches: [1],
      context: DECODE_CONTEXT,
      steps: this.steps,
      budgetSeconds: DECODE_BUDGET_SECONDS,
    };
    const [timed] = await this.#engine.run('decode-sweep', sweep, { model, signal });
    return timed && !signal.aborted
      ? { ...point, decode: { tokensPerSecond: timed.tokensPerSecond, steps: timed.steps } }
      : undefined;
  }

  #importance(criterion: Criterion, text: string, signal: AbortSignal): Promise<PruneImportanceResult> {
    return this.#engine.run('prune-importance', importanceRequest(this.#model(), criterion, text), {
      signal,
    });
  }
}
