/**
 * Fetching a shipped model folder (config.json, model.safetensors, tokenizer.json) lazily, when a reader picks it,
 * with the weights' download reported as it streams. A missing or failed file is named in the error.
 */

export interface ModelFiles {
  configJson: unknown;
  safetensors: ArrayBuffer;
  tokenizerJson: unknown;
}

export class ModelFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFetchError';
  }
}

async function get(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new ModelFetchError(`Could not fetch ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new ModelFetchError(`Could not fetch ${url}: HTTP ${response.status}`);
  return response;
}

async function json(url: string): Promise<unknown> {
  const response = await get(url);
  try {
    return await response.json();
  } catch {
    throw new ModelFetchError(`${url} is not valid JSON`);
  }
}

/** The body of `response`, calling `onProgress` with the fraction received when the size is known. */
async function bytes(response: Response, onProgress: (fraction: number) => void): Promise<ArrayBuffer> {
  const total = Number(response.headers.get('content-length'));
  if (!response.body || !total) return response.arrayBuffer();
  const out = new Uint8Array(total);
  const reader = response.body.getReader();
  let received = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    if (received + chunk.value.length > total)
      throw new ModelFetchError(`${response.url} is longer than it said`);
    out.set(chunk.value, received);
    received += chunk.value.length;
    onProgress(received / total);
  }
  if (received !== total)
    throw new ModelFetchError(`${response.url} ended after ${received} of ${total} bytes`);
  return out.buffer;
}

/** Fetch the folder at `base` (a URL ending in the model's name); progress counts the weights' bytes. */
export async function fetchModel(base: string, onProgress: (fraction: number) => void): Promise<ModelFiles> {
  const [configJson, tokenizerJson] = await Promise.all([
    json(`${base}/config.json`),
    json(`${base}/tokenizer.json`),
  ]);
  const safetensors = await bytes(await get(`${base}/model.safetensors`), onProgress);
  return { configJson, safetensors, tokenizerJson };
}
