/**
 * The ways lesson 4's quality widget stores the trained model's block linears, in the order it measures them: the
 * f32 baseline, 16 bits, int8 per channel, int4 at three group sizes and with zero-points, then int3 and int2, where
 * quality falls off a cliff. Names are engine/quant's schemeName, as training/quantized_perplexity.py writes them in
 * its fixture. Then int8 activations as well as weights (W8A8, per token), plain and with LLM.int8()'s f32 outlier
 * columns; and AWQ's activation-aware scales folded in before int4 stores the weights (the engine calibrates them in
 * the worker on held-out text the widget does not score). training/llm_int8.py and training/awq.py give PyTorch's
 * reference for these last three too.
 */
import { schemeName, type IntScheme, type WeightScheme } from '@engine/index';

/** One row of the widget: a name and what the engine loads. */
export interface QualityScheme {
  /** Short name, e.g. "int4 g128 zp"; the PyTorch reference is found by it. */
  name: string;
  /** How the session stores the block linears (the embedding stays f32, the head 16-bit below f32). */
  weights: WeightScheme;
  /** Whether AWQ's scales are folded in first. */
  awq?: true;
}

const row = (weights: WeightScheme): QualityScheme => ({ name: schemeName(weights), weights });
const int = (bits: IntScheme['bits'], group: IntScheme['group'], zeroPoint = false) =>
  row({ kind: 'int', bits, group, zeroPoint });

const awq = (plain: QualityScheme): QualityScheme => ({ ...plain, name: `AWQ ${plain.name}`, awq: true });

/** The baseline every other row is compared with. */
export const BASELINE = row({ kind: 'f32' });

export const QUALITY_SCHEMES: readonly QualityScheme[] = [
  BASELINE,
  row({ kind: 'f16' }),
  int(8, 'row'),
  int(4, 128),
  int(4, 64),
  int(4, 32),
  int(4, 128, true),
  int(3, 64),
  int(2, 64),
  row({ kind: 'w8a8', threshold: null }),
  row({ kind: 'w8a8', threshold: 6 }),
  awq(int(4, 128)),
];
