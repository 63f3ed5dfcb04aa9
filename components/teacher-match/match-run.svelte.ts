/**
 * The side-by-side's run: the teacher's parts scored by activation on held-out text after the scored windows (the
 * prune-importance job, kept in the worker), cut to the healed model's widths; then each model in turn, the teacher,
 * that cut (not healed), the healed model and the student, matched against the teacher on the same windows (the
 * teacher-match job, on the CPU in the worker) and then loaded as the page's session to time batch-1 decode steps
 * (decode-sweep). Each model's match streams in window by window. Cancel stops between windows and keeps the models
 * scored to the end (a model cut short is dropped, its tokens not the others'); a failure ends the run with the
 * engine's error, the models before it still shown.
 */
import {
  importanceOf,
  keptInWidth,
  type Kept,
  type LlamaConfig,
  type SessionRequest,
  type TeacherMatch,
  type Widths,
} from '@engine/index';
import { EngineRun } from '../frame/engine-run.svelte';
import { InTurn } from '../frame/in-turn.svelte';
import type { TrainedModel } from '../frame/model-fit';
import { FORMAT_CONTEXT } from '../format-speed/format-speed';
import { importanceRequest } from '../importance-map/importance-request';
import { clampWindows, type ClampedWindows } from '../quant-quality/quant-quality';
import type { Engine } from '../state/engine.svelte';
import {
  CONTENDERS,
  rowLabel,
  type Contender,
  type Lineup,
  type MatchPlan,
  type MatchResult,
  type MeasuredModel,
} from './teacher-match';

type MatchEngine = Pick<Engine, 'probe' | 'progress' | 'run'>;

/** Where the run gets its text, the models' folders and their sessions. */
export interface MatchSources {
  /** The held-out text (fetched once, however many runs ask). */
  text: () => Promise<string>;
  /** The absolute URL of a shipped model's folder. */
  url: (model: TrainedModel) => string;
  /** The session timing `model`'s decode, sliced to `kept` first when given. */
  session: (model: TrainedModel, kept?: Kept) => SessionRequest;
}

/** The widths of a model's shape, for cutting the teacher to it. */
const widthsOf = ({ hiddenSize, intermediateSize, numHeads, numKvHeads }: LlamaConfig): Widths => ({
  hiddenSize,
  intermediateSize,
  numHeads,
  numKvHeads,
});

export class MatchRun {
  /** The models in turn, and the one being measured. */
  readonly turns: InTurn<Contender>;
  /** The windows scored here, and why they are not the number asked for. */
  readonly clamped: ClampedWindows;
  /** Where the decode steps run, for the widget's sentences. */
  readonly where: string;
  readonly run: EngineRun<MatchPlan, MatchResult>;
  readonly #engine: MatchEngine;
  readonly #sources: MatchSources;

  /** `lineup` reads the models compared (for the status line), `asked` the windows the widget's control asks for. */
  constructor(engine: MatchEngine, sources: MatchSources, lineup: () => Lineup, asked: () => number) {
    this.#engine = engine;
    this.#sources = sources;
    this.clamped = $derived(clampWindows(engine.probe, asked(), 'model'));
    this.where = $derived(engine.probe?.backend === 'cpu' ? 'the CPU' : 'this GPU');
    this.turns = new InTurn('models', (key) => rowLabel(key, lineup()), engine);
    this.run = new EngineRun((plan, signal, partial) => this.#measure(plan, signal, partial));
  }

  /** The status line after Cancel: how many models were scored to the end. */
  get cancelledText(): string {
    const result = this.run.result;
    const scored = result?.models.filter((m) => m.match.windows === result.windows).length ?? 0;
    return this.turns.cancelledText(scored, CONTENDERS.length);
  }

  async #measure(
    { lineup, window, windows, steps }: MatchPlan,
    signal: AbortSignal,
    partial: (result: MatchResult) => void,
  ): Promise<MatchResult> {
    const text = await this.#sources.text();
    const teacherUrl = this.#sources.url(lineup.teacher);
    const importance = await this.#engine.run(
      'prune-importance',
      importanceRequest(lineup.teacher, 'activation', text, teacherUrl),
      { signal },
    );
    const kept = keptInWidth(lineup.teacher.config, importanceOf(importance), widthsOf(lineup.pruned.config));
    const models: MeasuredModel[] = [];
    const result = (current?: MeasuredModel): MatchResult => ({
      windows,
      calibrationTokens: importance.calibrationTokens,
      models: current ? [...models, current] : [...models],
    });
    const sources: Record<Contender, { model: TrainedModel; kept?: Kept }> = {
      teacher: { model: lineup.teacher },
      unhealed: { model: lineup.teacher, kept },
      pruned: { model: lineup.pruned },
      student: { model: lineup.student },
    };
    await this.turns.each(CONTENDERS, signal, async (key) => {
      const { model, kept } = sources[key];
      const student = { url: this.#sources.url(model), ...(kept && { kept }) };
      const show = (match: TeacherMatch) => !signal.aborted && partial(result({ key, match }));
      const match = await this.#engine
        .run(
          'teacher-match',
          { teacherUrl, student, text, window, windows },
          { signal, onProgress: ({ partial: running }) => running && show(running) },
        )
        .catch((error: unknown) => {
          partial(result()); // a model cut short is not shown
          if (signal.aborted) return undefined;
          throw error;
        });
      if (match?.windows !== windows) return partial(result());
      const measured: MeasuredModel = { key, match };
      models.push(measured);
      partial(result());
      const sweep = { batches: [1], context: FORMAT_CONTEXT, steps };
      const [point] = await this.#engine
        .run('decode-sweep', sweep, { model: this.#sources.session(model, kept), signal })
        .catch((error: unknown) => {
          if (signal.aborted) return [];
          throw error;
        });
      if (point) models[models.length - 1] = { ...measured, tokensPerSecond: point.tokensPerSecond };
      partial(result());
    });
    return result();
  }
}
