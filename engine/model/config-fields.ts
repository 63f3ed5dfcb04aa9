/** Reading config.json's fields: the error that names a bad one, and checked numbers. */
import { shown } from './shown';

export class ConfigError extends Error {
  constructor(message: string) {
    super(`config.json: ${message}`);
    this.name = 'ConfigError';
  }
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** json[key] (or the fallback where absent or null), which must be a positive integer; `within` names the object holding it. */
export function positiveInteger(json: Json, key: string, fallback?: number, within?: string): number {
  const value = json[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`${fieldName(key, within)} must be a positive integer (got ${shown(json[key])})`);
  }
  return value;
}

/** json[key] (or the fallback where absent or null), which must be a positive number; `within` names the object holding it. */
export function positiveNumber(json: Json, key: string, fallback?: number, within?: string): number {
  const value = json[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${fieldName(key, within)} must be a positive number (got ${shown(json[key])})`);
  }
  return value;
}

/** A field's name for a message: "key", or "key" in "object" for a field of a nested object. */
export function fieldName(key: string, within?: string): string {
  return within === undefined ? `"${key}"` : `"${key}" in "${within}"`;
}
