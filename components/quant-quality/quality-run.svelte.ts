/**
 * The quality widget's run: how many windows run here (the number asked for, one on the CPU fallback), then each
 * scheme in turn loaded on the page's engine (each load replaces the last) and its held-out windows scored, the
 * score streaming in window by window. Cancel stops between windows and keeps the schemes scored to the end; a
 * scheme cut short is dropped, since its tokens are not the others'. A scheme that fails ends the run with the
 * engine's error, the schemes before it still shown.
 */
import type { SessionRequest } from '@engine/index';
import { EngineRun } from '../frame/engine-run.svelte';
import { InTurn } from '../frame/in-turn.svelte';
import type { Engine } from '../state/engine.svelte';
import type { QualityScheme } from './quality-schemes';
import {
  clampWindows,
  type ClampedWindows,
  type QualityPlan,
  type QualityResult,
  type SchemeScore,
} from './quant-quality';

type QualityEngine = Pick<Engine, 'probe' | 'progress' | 'run'>;

/** Where the run gets its text and its sessions. */
export interface QualitySources {
  /** The held-out text (fetched once, however many runs ask). */
  text: () => Promise<string>;
  /**
   * The session scoring the plan's model on windows of its `window` tokens of `text`, with the block linears stored as
   * `scheme` says: read from the plan, not the widget's controls, which may have moved since the run began.
   */
  session: (
    scheme: QualityScheme,
    plan: QualityPlan,
    text: string,
  ) => SessionRequest | Promise<SessionRequest>;
}

export class QualityRun {
  /** The schemes in turn, and the one being scored. */
  readonly turns: InTurn<QualityScheme>;
  /** The windows scored here, and why they are not the number asked for. */
  readonly clamped: ClampedWindows;
  /** Where the schemes run, for the widget's sentences. */
  readonly where: string;
  readonly run: EngineRun<QualityPlan, QualityResult>;
  readonly #engine: QualityEngine;
  readonly #sources: QualitySources;

  /** `asked` reads the windows the widget's control asks for. */
  constructor(engine: QualityEngine, sources: QualitySources, asked: () => number) {
    this.#engine = engine;
    this.#sources = sources;
    this.clamped = $derived(clampWindows(engine.probe, asked()));
    this.where = $derived(engine.probe?.backend === 'cpu' ? 'the CPU' : 'this GPU');
    this.turns = new InTurn('schemes', (scheme) => scheme.name, engine);
    this.run = new EngineRun((plan, signal, partial) => this.#measure(plan, signal, partial));
  }

  /** The status line after Cancel: how many schemes were scored to the end. */
  get cancelledText(): string {
    const result = this.run.result;
    const scored = result?.scores.filter((s) => s.score.windows === result.windows).length ?? 0;
    return this.turns.cancelledText(scored, this.run.resultRequest?.schemes.length);
  }

  async #measure(
    plan: QualityPlan,
    signal: AbortSignal,
    partial: (result: QualityResult) => void,
  ): Promise<QualityResult> {
    const { schemes, window, windows } = plan;
    const scores: SchemeScore[] = [];
    const show = (current?: SchemeScore) =>
      partial({ windows, scores: current ? [...scores, current] : [...scores] });
    const text = await this.#sources.text();
    await this.turns.each(schemes, signal, async (scheme) => {
      const model = await this.#sources.session(scheme, plan, text);
      const score = await this.#engine
        .run(
          'score-text',
          { text, window, windows },
          {
            model,
            signal,
            onProgress: ({ partial: score }) => {
              if (score && !signal.aborted) show({ scheme, score });
            },
          },
        )
        .catch((error: unknown) => {
          show(); // a scheme cut short is not shown
          if (signal.aborted) return undefined;
          throw error;
        });
      if (score?.windows === windows) scores.push({ scheme, score });
      show();
    });
    return { windows, scores };
  }
}
