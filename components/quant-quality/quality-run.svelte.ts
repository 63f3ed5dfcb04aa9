/**
 * The quality widget's run: how many windows run here (the number asked for, one on the CPU fallback), then each
 * scheme in turn loaded on the page's engine (each load replaces the last) and its held-out windows scored, the
 * score streaming in window by window. Cancel stops between windows and keeps the schemes scored to the end; a
 * scheme cut short is dropped, since its tokens are not the others'. A scheme that fails ends the run with the
 * engine's error, the schemes before it still shown.
 */
import type { SessionRequest } from '@engine/index';
import { formatInteger } from '../charts/format';
import { EngineRun } from '../frame/engine-run.svelte';
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
  /** The session scoring windows of `window` tokens of `text` with the block linears stored as `scheme` says. */
  session: (scheme: QualityScheme, window: number, text: string) => SessionRequest;
}

export class QualityRun {
  /** The scheme being scored and its place in the run, while one is. */
  measuring = $state.raw<{ scheme: QualityScheme; index: number; total: number } | undefined>();
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
    this.run = new EngineRun((plan, signal, partial) => this.#measure(plan, signal, partial));
  }

  /** The status line while running: which scheme of how many, and the engine's stage. */
  get runningText(): string | undefined {
    if (!this.measuring) return undefined;
    const { scheme, index, total } = this.measuring;
    const stage = this.#engine.progress?.stage ?? 'loading the model';
    return `${scheme.name} (${formatInteger(index + 1)} of ${formatInteger(total)}): ${stage}`;
  }

  /** The status line after Cancel: how many schemes were scored to the end. */
  get cancelledText(): string {
    const result = this.run.result;
    const scored = result?.scores.filter((s) => s.score.windows === result.windows).length ?? 0;
    const total = this.run.resultRequest?.schemes.length ?? scored;
    return `Cancelled: ${formatInteger(scored)} of ${formatInteger(total)} schemes measured; their results are shown.`;
  }

  async #measure(
    { schemes, window, windows }: QualityPlan,
    signal: AbortSignal,
    partial: (result: QualityResult) => void,
  ): Promise<QualityResult> {
    const scores: SchemeScore[] = [];
    const show = (current?: SchemeScore) =>
      partial({ windows, scores: current ? [...scores, current] : [...scores] });
    try {
      const text = await this.#sources.text();
      for (const [index, scheme] of schemes.entries()) {
        if (signal.aborted) break;
        this.measuring = { scheme, index, total: schemes.length };
        const model = this.#sources.session(scheme, window, text);
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
      }
      return { windows, scores };
    } finally {
      this.measuring = undefined;
    }
  }
}
