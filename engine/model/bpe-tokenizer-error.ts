/** How the tokenizer.json reader refuses a file: an error naming the field, and the JSON checks it is built on. */

/** A tokenizer.json we cannot read, or text it cannot encode. */
export class TokenizerError extends Error {
  override name = 'TokenizerError';
}

export { isObject, type Json } from './config-fields';

export function fail(message: string): never {
  throw new TokenizerError(`tokenizer.json: ${message}`);
}

export function absent(value: unknown): boolean {
  return value === undefined || value === null;
}
