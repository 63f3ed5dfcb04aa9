/**
 * The run both measured rooflines make (lesson 1's and the home page's): this device's rates, then every dispatch of
 * a prefill of `tokens` tokens and of one decode step after it, timed on the model the session loads, as points.
 */
import type { DeviceRates, LlamaConfig, SessionRequest } from '@engine/index';
import type { Engine } from '../state/engine.svelte';
import { decodePoints, prefillPoints, type RooflinePoint } from './measured-roofline';

export interface MeasuredPhases {
  points: RooflinePoint[];
  rates: DeviceRates;
  /** Tokens the timed prefill processed. */
  tokens: number;
}

/** The run's stages in order, as `at` is told them: the device, the prefill (after loading), the decode step. */
export type PhaseStage = 0 | 1 | 2;

/** Measure this device, then time every dispatch of a prefill of `tokens` and of one decode step after it. */
export async function measurePhases(
  engine: Engine,
  model: SessionRequest,
  config: LlamaConfig,
  tokens: number,
  signal: AbortSignal,
  at: (stage: PhaseStage) => void,
): Promise<MeasuredPhases> {
  const reach = (stage: PhaseStage) => {
    signal.throwIfAborted();
    at(stage);
  };
  reach(0);
  const rates = await engine.measureDevice();
  if (!rates) throw new Error(engine.error ?? 'The measurement stopped.');
  reach(1);
  const prefill = await engine.run('time-prefill-ops', { tokens }, { model, signal });
  reach(2);
  const decode = await engine.run('time-decode-ops', { context: prefill.tokens }, { model, signal });
  return {
    rates,
    tokens: prefill.tokens,
    points: [
      ...prefillPoints(config, prefill.times, prefill.tokens),
      ...decodePoints(config, decode.times, decode.cached),
    ],
  };
}

/** Where the run measured, in words: "the CPU" or "this GPU". */
export function whereMeasured(result: MeasuredPhases): string {
  return result.rates.backend === 'cpu' ? 'the CPU' : 'this GPU';
}

/** What the run is doing at `stage`, with the engine's own progress when it reports one. */
export function phaseStageText(engine: Engine, stage: PhaseStage, prefill: string, decode: string): string {
  const what = ['measuring your device', engine.status === 'loading' ? 'loading the model' : prefill, decode][
    stage
  ];
  return `${what}${engine.progress ? ` (${engine.progress.stage})` : ''}`;
}
