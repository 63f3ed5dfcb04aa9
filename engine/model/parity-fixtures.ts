/**
 * The fixtures training/train.py writes for checking the engine against PyTorch on the shipped target model:
 * a validation prompt's token ids with the logits PyTorch computes at every position (float32, from the exported
 * float16 weights), and the first window of validation text with its ids and mean negative log-likelihood.
 */

export interface LogitsFixture {
  model: string;
  ids: number[];
  /** Base64 of little-endian float32 logits, shape (ids.length, V). */
  logits: string;
  shape: number[];
}

export interface PerplexityFixture {
  model: string;
  text: string;
  ids: number[];
  /** Mean NLL in nats of ids[1..] given the ids before each, in one window. */
  mean_nll: number;
  perplexity: number;
}

export function fixtureLogits(fixture: LogitsFixture): Float32Array {
  const binary = atob(fixture.logits);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const [rows = 0, V = 0] = fixture.shape;
  if (bytes.length !== rows * V * 4)
    throw new Error(`logits fixture: ${bytes.length} bytes for shape ${rows}×${V}`);
  return new Float32Array(bytes.buffer);
}

/** Largest |a − b| over two arrays of the same length. */
export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
