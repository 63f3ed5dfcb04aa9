/**
 * The sessions engine widgets load: a synthetic model (its weights drawn from one seed, so every page builds the
 * same model) or a shipped trained model fetched from its folder, on the best backend this device has, with its
 * linear layers stored in a weight scheme (f32 unless asked).
 */
import type { LlamaConfig, SessionRequest, SessionShape, WeightScheme } from '@engine/index';
import { ownModelFiles } from '../own-model/own-model-store';
import type { ModelOffer, TrainedModel } from './model-fit';

/** A synthetic model of `config` with a session of `shape`. */
export function syntheticSession(
  config: LlamaConfig,
  shape: SessionShape,
  weights?: WeightScheme,
): SessionRequest {
  return {
    model: { kind: 'synthetic', config, seed: 1 },
    shape,
    backend: 'auto',
    ...(weights && { weights }),
  };
}

/** A shipped trained model, fetched from its folder on this site, with a session of `shape`. */
export function trainedSession(
  model: Pick<TrainedModel, 'path'>,
  shape: SessionShape,
  weights?: WeightScheme,
): SessionRequest {
  const base = new URL(model.path, location.href).href;
  return { model: { kind: 'url', base }, shape, backend: 'auto', ...(weights && { weights }) };
}

/** The session of a model a widget offers: the reader's own, read from the folder they picked, or a synthetic one. */
export async function offerSession(
  offer: Pick<ModelOffer, 'config' | 'own'>,
  shape: SessionShape,
  weights?: WeightScheme,
): Promise<SessionRequest> {
  if (!offer.own) return syntheticSession(offer.config, shape, weights);
  const files = await ownModelFiles();
  return { model: { kind: 'folder', files }, shape, backend: 'auto', ...(weights && { weights }) };
}
