/** How the tokenizer.json reader refuses a file: an error naming the field, and the JSON checks it is built on. */

/** A tokenizer.json we cannot read, or text it cannot encode. */
export class TokenizerError extends Error {
  override name = 'TokenizerError';
}

export type Json = Record<string, unknown>;

export function fail(message: string): never {
  throw new TokenizerError(`tokenizer.json: ${message}`);
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function absent(value: unknown): boolean {
  return value === undefined || value === null;
}
