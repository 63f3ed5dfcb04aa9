/**
 * RoPE's settings in config.json, in either layout checkpoints carry: "rope_theta" with "rope_scaling" (null, or an
 * object whose "rope_type", or "type" in older files, names the scaling), or transformers 5's "rope_parameters"
 * holding both. Plain RoPE and Llama 3's frequency-dependent scaling (Llama 3.1 onwards) are run; any other scaling
 * is refused naming the field.
 */
import {
  ConfigError,
  fieldName,
  isObject,
  positiveInteger,
  positiveNumber,
  type Json,
} from './config-fields';
import { shown } from './shown';

/**
 * Llama 3's scaling (Meta's Llama 3.1 reference code; transformers' "llama3" rope type): frequencies whose wavelength
 * is longer than originalMaxPositions ÷ lowFreqFactor are divided by factor, those shorter than originalMaxPositions ÷
 * highFreqFactor kept, and those between blended smoothly.
 */
export interface Llama3RopeScaling {
  factor: number;
  lowFreqFactor: number;
  highFreqFactor: number;
  originalMaxPositions: number;
}

export interface RopeSettings {
  theta: number;
  scaling?: Llama3RopeScaling;
}

/** The RoPE settings of a parsed config.json. */
export function readRope(c: Json): RopeSettings {
  const parameters = c['rope_parameters'];
  if (parameters !== undefined && parameters !== null) {
    if (!isObject(parameters))
      throw new ConfigError(`"rope_parameters" must be an object (got ${shown(parameters)})`);
    const theta = positiveNumber(
      parameters,
      'rope_theta',
      positiveNumber(c, 'rope_theta', 10000),
      'rope_parameters.',
    );
    return { theta, ...scalingOf(parameters, 'rope_parameters') };
  }
  const theta = positiveNumber(c, 'rope_theta', 10000);
  const scaling = c['rope_scaling'] ?? null;
  if (scaling === null) return { theta };
  if (!isObject(scaling))
    throw new ConfigError(`"rope_scaling" must be an object or null (got ${shown(scaling)})`);
  return { theta, ...scalingOf(scaling, 'rope_scaling') };
}

function scalingOf(fields: Json, within: string): { scaling?: Llama3RopeScaling } {
  const typeKey = fields['rope_type'] !== undefined ? 'rope_type' : 'type';
  // transformers 5 writes "rope_type" into "rope_parameters" always; an older "rope_scaling" must name its type.
  const type = fields[typeKey] ?? (within === 'rope_parameters' ? 'default' : undefined);
  if (type === 'default') return {};
  if (type !== 'llama3') {
    throw new ConfigError(
      `${fieldName(typeKey, within)} is ${shown(type)}; only Llama 3's "llama3" scaling (or none) is supported`,
    );
  }
  const scaling = {
    factor: positiveNumber(fields, 'factor', undefined, within),
    lowFreqFactor: positiveNumber(fields, 'low_freq_factor', undefined, within),
    highFreqFactor: positiveNumber(fields, 'high_freq_factor', undefined, within),
    originalMaxPositions: positiveInteger(fields, 'original_max_position_embeddings', undefined, within),
  };
  if (scaling.highFreqFactor <= scaling.lowFreqFactor) {
    throw new ConfigError(
      `${fieldName('high_freq_factor', within)} (${scaling.highFreqFactor}) must be greater than its "low_freq_factor" (${scaling.lowFreqFactor})`,
    );
  }
  return { scaling };
}
