/**
 * The prune-importance job's request for a shipped model: its folder (on this page's site unless given), the
 * criterion, and held-out calibration text read after the windows any widget scores, so calibration never sees a
 * scored token.
 */
import type { Criterion, PruneImportanceRequest } from '@engine/index';
import type { TrainedModel } from '../frame/model-fit';
import { MAX_WINDOWS } from '../quant-quality/quant-quality';

export function importanceRequest(
  model: Pick<TrainedModel, 'path' | 'config'>,
  criterion: Criterion,
  calibrationText: string,
  modelUrl = new URL(model.path, location.href).href,
): PruneImportanceRequest {
  return {
    modelUrl,
    criterion,
    calibrationText,
    skipTokens: MAX_WINDOWS * model.config.maxPositions,
  };
}
