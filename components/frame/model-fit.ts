/**
 * The one rule for which models a widget offers on this device: a model fits when the engine's own limit check
 * (model/footprint.ts) admits it with the widget's session shape, against the adapter's buffer limits on WebGPU or
 * the CPU fallback's memory budget, and, on the CPU, when it is small enough to run interactively. A model asked for
 * that does not fit is replaced by the largest that does, with a note saying why.
 */
import {
  analytic,
  bufferNeeds,
  checkLimits,
  CPU_MEMORY_BUDGET,
  KV_HEAVY_SIZES,
  parameterCount,
  shapeOf,
  storedInts,
  SYNTHETIC_SIZES,
  type LlamaConfig,
  type ProbeResult,
  type SessionShape,
  type WeightScheme,
} from '@engine/index';
import { formatCount, formatSi } from '../charts/format';
import type { OwnModelMeta } from '../own-model/own-model-store';

/** A model a widget may offer. */
export interface ModelOffer {
  id: string;
  label: string;
  config: LlamaConfig;
  /** Whether the CPU fallback offers it. */
  cpu: boolean;
  /** The reader's own checkpoint, read from the folder they picked (components/own-model). */
  own?: true;
}

/** A trained model shipped with the site, as site/lib/shipped-models.ts reads it from its folder. */
export interface TrainedModel {
  id: string;
  config: LlamaConfig;
  parameters: number;
  /** Site path of the folder holding config.json, model.safetensors and tokenizer.json. */
  path: string;
  /** Site path of its model card page. */
  cardPage: string;
}

/** The synthetic sizes, labelled with their parameters and f32 bytes. */
export function syntheticOffers(): ModelOffer[] {
  return SYNTHETIC_SIZES.map(({ id, config, cpu }) => {
    const parameters = parameterCount(config);
    return {
      id,
      config,
      cpu,
      label: `${formatCount(parameters, 2)} parameters · ${formatSi(parameters * 4, 'B', 2)}`,
    };
  });
}

/** Trained models (all run on the CPU), labelled with their parameters. */
export function trainedOffers(trained: readonly TrainedModel[]): ModelOffer[] {
  return trained.map(({ id, config, parameters }) => ({
    id,
    config,
    cpu: true,
    label: `${id}, trained · ${formatCount(parameters, 2)} parameters`,
  }));
}

/** The id of the reader's own model among a widget's offers (its URL value). */
export const OWN_MODEL_ID = 'yours';

/** The reader's own model as an offer, when they have picked one; the limit check decides where it runs. */
export function ownOffers(meta: OwnModelMeta | undefined): ModelOffer[] {
  if (!meta) return [];
  const { config, fits } = meta.inspection;
  const label = `yours: ${meta.name} · ${formatCount(fits.f32.parameters, 3)} parameters · ${formatSi(fits.f32.weightBytes, 'B', 2)}`;
  return [{ id: OWN_MODEL_ID, config, cpu: true, own: true, label }];
}

/** The KV-heavy synthetic sizes, labelled with their parameters and, every head keeping its own, KV bytes per token. */
export function kvHeavyOffers(): ModelOffer[] {
  return KV_HEAVY_SIZES.map(({ id, config, cpu }) => {
    const parameters = formatCount(parameterCount(config), 2);
    const perToken = formatSi(analytic.kvBytesPerToken(shapeOf(config), 'f32'), 'B');
    return { id, config, cpu, label: `${id} · ${parameters} parameters, ${perToken} KV per token` };
  });
}

/** The limits the engine checks a session against here: the adapter's buffer limits, or the CPU fallback's budget. */
export function deviceLimits(probe: ProbeResult) {
  return (
    probe.limits ?? {
      maxStorageBufferBindingSize: Infinity,
      maxBufferSize: Infinity,
      memoryBudget: CPU_MEMORY_BUDGET,
    }
  );
}

/** Why this device cannot run `offer` with a session of `shape`, or undefined when it can. */
function refusal(probe: ProbeResult, offer: ModelOffer, shape: SessionShape): string | undefined {
  if (probe.backend === 'cpu' && !offer.cpu) return 'too slow for the CPU fallback';
  try {
    checkLimits(bufferNeeds(offer.config, shape), deviceLimits(probe));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What a model control shows: the options that fit, the one that runs, and why it is not the one asked for. */
export interface ModelFit {
  options: { value: string; label: string }[];
  /** The model that runs: the one asked for if it fits, else the largest that does. */
  running: ModelOffer;
  /** Why the running model is not the one asked for, or undefined. */
  note?: string;
}

/**
 * Fit the model `asked` for among `offers` to the probed device with `shape`; until the device is known (or if
 * nothing fits) every offer is an option and the one asked for runs.
 */
export function fitModel(
  offers: readonly ModelOffer[],
  asked: string,
  probe: ProbeResult | undefined,
  shape: SessionShape,
): ModelFit {
  const chosen = offers.find((o) => o.id === asked) ?? offers[0]!;
  const refusals = new Map(offers.map((o) => [o.id, probe && refusal(probe, o, shape)]));
  const fitting = offers.filter((o) => !refusals.get(o.id));
  const options = (fitting.length ? fitting : offers).map((o) => ({ value: o.id, label: o.label }));
  const why = refusals.get(chosen.id);
  // The largest of the widget's own sizes that fits: never the reader's model, which they did not ask for.
  const instead = fitting.filter((o) => !o.own).at(-1);
  if (!why || !instead) return { options, running: chosen };
  const named = chosen.own ? 'Your model' : `The ${chosen.id} model`;
  return { options, running: instead, note: `${named} cannot run here (${why}); using ${instead.id}.` };
}

/** Whether `scheme` can store every block linear of `config`: an integer scheme's groups divide each input width. */
export function schemeFits(config: LlamaConfig, scheme: WeightScheme): boolean {
  const ints = storedInts(scheme);
  if (!ints || ints.group === 'row') return true;
  const group = ints.group;
  return analytic.blockLinears(shapeOf(config)).every(({ I }) => I % group === 0);
}
