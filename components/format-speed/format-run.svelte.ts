/**
 * The run of the decode-speed-per-format widget: after measuring the device (once per visit: the predictions and
 * the share of copy bandwidth need its rates), the same synthetic model is loaded in each format in turn, fewest
 * bytes first (each load replaces the last, and a format too large for the device fails after the smaller ones
 * have been measured), and the decode-sweep job times batch-1 steps; each format is shown as it finishes. Cancel
 * stops between formats and keeps what was measured.
 */
import type { LlamaConfig } from '@engine/index';
import { EngineRun } from '../frame/engine-run.svelte';
import { InTurn } from '../frame/in-turn.svelte';
import { offerSession } from '../frame/session-request';
import type { Engine } from '../state/engine.svelte';
import {
  FORMAT_CONTEXT,
  FORMAT_SHAPE,
  formatPoint,
  SPEED_FORMATS,
  type FormatPoint,
  type FormatSpeed,
  type SpeedFormat,
} from './format-speed';

/** What one run measures: the model, the formats (by id) and the timed steps per format. */
export interface FormatPlan {
  config: LlamaConfig;
  formats: readonly string[];
  steps: number;
  /** Whether the model is the reader's own (read from the folder they picked) rather than a synthetic size. */
  own?: boolean;
}

type FormatEngine = Pick<Engine, 'progress' | 'measureDevice' | 'run'>;

export class FormatRun {
  /** The formats in turn, and the one being measured. */
  readonly turns: InTurn<SpeedFormat>;
  readonly run: EngineRun<FormatPlan, FormatSpeed>;
  readonly #engine: FormatEngine;

  constructor(engine: FormatEngine) {
    this.#engine = engine;
    this.turns = new InTurn('formats', (format) => format.name, engine);
    this.run = new EngineRun((plan, signal, partial) => this.#measure(plan, signal, partial));
  }

  /** The status line after Cancel: how many formats were measured. */
  get cancelledText(): string {
    return this.turns.cancelledText(
      this.run.result?.points.length ?? 0,
      this.run.resultRequest?.formats.length,
    );
  }

  async #measure(
    { config, formats, steps, own }: FormatPlan,
    signal: AbortSignal,
    partial: (result: FormatSpeed) => void,
  ): Promise<FormatSpeed> {
    const rates = await this.#engine.measureDevice();
    const result = (points: FormatPoint[]): FormatSpeed => ({
      points,
      ...(rates && { copyBandwidth: rates.copyBandwidth }),
    });
    // Fewest bytes first: SPEED_FORMATS lists the most first.
    const order = SPEED_FORMATS.filter((f) => formats.includes(f.id)).reverse();
    const points: FormatPoint[] = [];
    const sweep = { batches: [1], context: FORMAT_CONTEXT, steps };
    await this.turns.each(order, signal, async (format) => {
      const model = await offerSession({ config, ...(own && { own }) }, FORMAT_SHAPE, format.scheme);
      const [measured] = await this.#engine.run('decode-sweep', sweep, { model, signal });
      if (!measured) return;
      points.push(formatPoint(config, format, steps, measured.stepSeconds, rates));
      partial(result([...points]));
    });
    return result(points);
  }
}
