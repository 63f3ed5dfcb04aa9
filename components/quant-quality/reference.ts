/**
 * The PyTorch reference for the quality widget: training/quantized_perplexity.py scores the trained target with its
 * block linears stored as each scheme stores them (the same quantized bytes, dequantized; float32 math) on the first
 * 256-token window of the held-out text and on the first eight, each window scored on its own as the engine's
 * score-text job does. Read at build time; a reference is shown beside a measurement only when both scored the same
 * windows, hence the same tokens.
 */
import fixture from '../../training/fixtures/quantized-perplexity.json';

/** Mean NLL over some tokens, as the fixture writes it. */
export interface ReferenceNll {
  nats_per_token: number;
  perplexity: number;
  tokens_scored: number;
}

/** One scheme's scores: the first window at the top level, the first eight windows under `heldout`. */
export interface ReferenceScheme extends ReferenceNll {
  /** engine/quant's schemeName. */
  scheme: string;
  bits_per_weight: number;
  heldout: ReferenceNll;
}

/** training/fixtures/quantized-perplexity.json, the fields the widget reads. */
export interface QuantizedPerplexityFixture {
  /** Where it was computed, e.g. "NVIDIA H200". */
  device: string;
  torch: string;
  schemes: ReferenceScheme[];
}

/** The reference, read into the bundle at build time (checked against the interface above). */
export const REFERENCE: QuantizedPerplexityFixture = fixture;

/** The windows the reference scored: the first one (its top-level numbers) and the first eight (`heldout`). */
export const REFERENCE_WINDOWS = [1, 8] as const;

/** A reference score and where it was computed. */
export interface ReferenceScore extends ReferenceNll {
  device: string;
}

/** The reference's score of scheme `name` over the first `windows` windows, if it scored that many. */
export function referenceScore(
  reference: QuantizedPerplexityFixture,
  name: string,
  windows: number,
): ReferenceScore | undefined {
  const scheme = reference.schemes.find((s) => s.scheme === name);
  const [first, heldout] = REFERENCE_WINDOWS;
  const nll = windows === first ? scheme : windows === heldout ? scheme?.heldout : undefined;
  if (!nll) return undefined;
  const { nats_per_token, perplexity, tokens_scored } = nll;
  return { nats_per_token, perplexity, tokens_scored, device: reference.device };
}
