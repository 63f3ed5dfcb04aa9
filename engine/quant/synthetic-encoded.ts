/**
 * Synthetic weights drawn directly in a storage scheme, so that a model too large to build on the CPU can be made on
 * the device in int4 or f16 as it is in f32 (model/synthetic.ts). Every word is a pure function of (seed, tensor,
 * word) through integer operations only, so the CPU and gpu/kernels/synthetic-encoded.wgsl produce the same bits:
 * - integer schemes: random code words; one f16 scale for every group, chosen so that the weights' standard
 *   deviation is about 1/√fan-in as in f32; zero-points at the middle code;
 * - f16: random sign and mantissa under one exponent per tensor, magnitudes in [2ᵉ, 2ᵉ⁺¹), standard deviation about
 *   1/√fan-in.
 * Their text is noise and their speed is real, like every synthetic model's.
 */
import type { LlamaConfig } from '../model/config';
import { f32ToF16 } from '../model/half';
import { hash32, syntheticTensor } from '../model/synthetic';
import { assembleWeights, type LlamaWeights, type TensorSpec } from '../model/weights';
import type { EncodedMatrix } from './encoded-matrix';
import { intLayout, storedInts, type WeightScheme } from './scheme';
import { storedSpecs, tensorScheme } from './stored-tensors';

/** How the words of one synthetic encoded tensor are made (the kernel's parameters). */
export interface SyntheticEncoding {
  /** Words of random codes (or of f16 pairs), then scale pairs up to `zeroWord`, then zero pairs up to `words`. */
  codeWords: number;
  zeroWord: number;
  words: number;
  /** f16 pairs: each half keeps sign and mantissa from the random bits and takes this exponent field. */
  halves: boolean;
  exponentBits: number;
  /** The scale (and zero-point) f16, twice in one word. */
  scalePair: number;
  zeroPair: number;
}

/** 32 random bits for word w of tensor `tensor` of the model drawn from `seed`. */
export function syntheticWord(seed: number, tensor: number, w: number): number {
  const key = hash32((seed ^ Math.imul(tensor + 1, 0x9e3779b9)) >>> 0);
  return hash32((w ^ key) >>> 0);
}

/** The encoding of a matrix spec (O, I) in a 16-bit or integer scheme. */
export function syntheticEncoding(
  spec: TensorSpec,
  scheme: Exclude<WeightScheme, { kind: 'f32' }>,
): SyntheticEncoding {
  const [O, I] = spec.shape as [number, number];
  const fanIn = spec.init === 'ones' ? 1 : spec.init.fanIn;
  const std = 1 / Math.sqrt(fanIn);
  const pair = (half: number) => (half | (half << 16)) >>> 0;
  if (scheme.kind === 'f16') {
    // |w| uniform in mantissa over [2ᵉ, 2ᵉ⁺¹) has root mean square about 1.53 · 2ᵉ.
    const e = Math.round(Math.log2(std / 1.53));
    const words = (O * I) / 2;
    return {
      codeWords: words,
      zeroWord: words,
      words,
      halves: true,
      exponentBits: (e + 15) << 10,
      scalePair: 0,
      zeroPair: 0,
    };
  }
  const ints = storedInts(scheme)!; // W8A8's weights are int8 per channel's words
  const layout = intLayout(ints, O, I);
  // Uniform codes over 2ᵇ levels around the middle one have standard deviation 2ᵇ/√12 levels.
  const scale = f32ToF16(std / (2 ** ints.bits / Math.sqrt(12)));
  return {
    codeWords: layout.scaleWord,
    zeroWord: layout.zeroWord,
    words: layout.words,
    halves: false,
    exponentBits: 0,
    scalePair: pair(scale),
    zeroPair: pair(f32ToF16(2 ** (ints.bits - 1))),
  };
}

/** Word w of a synthetic encoded tensor. */
export function syntheticEncodedWord(
  seed: number,
  tensor: number,
  encoding: SyntheticEncoding,
  w: number,
): number {
  if (w >= encoding.zeroWord) return encoding.zeroPair;
  if (w >= encoding.codeWords) return encoding.scalePair;
  const bits = syntheticWord(seed, tensor, w);
  if (!encoding.halves) return bits;
  const exponent = encoding.exponentBits | (encoding.exponentBits << 16);
  return ((bits & 0x83ff83ff) | exponent) >>> 0;
}

/** Tensor `index` (a matrix) of a synthetic model, drawn in `scheme`. */
export function syntheticMatrix(
  seed: number,
  index: number,
  spec: TensorSpec,
  scheme: Exclude<WeightScheme, { kind: 'f32' }>,
): EncodedMatrix {
  const encoding = syntheticEncoding(spec, scheme);
  const words = new Uint32Array(encoding.words);
  for (let w = 0; w < words.length; w++) words[w] = syntheticEncodedWord(seed, index, encoding, w);
  const [O, I] = spec.shape as [number, number];
  return { scheme, O, I, words };
}

/** All weights of a synthetic model with its linear layers (and head) drawn in their schemes (stored-tensors.ts). */
export function syntheticEncodedWeights(
  config: LlamaConfig,
  seed: number,
  scheme: WeightScheme,
): LlamaWeights {
  const specs = storedSpecs(config, scheme);
  const make = (spec: TensorSpec, index: number) => {
    const stored = tensorScheme(spec, scheme);
    return stored.kind === 'f32'
      ? syntheticTensor(seed, index, spec)
      : syntheticMatrix(seed, index, spec, stored);
  };
  const weights = assembleWeights(config, make);
  const head = specs.findIndex((spec) => spec.slot === 'lmHead');
  return head < 0 ? weights : { ...weights, lmHead: make(specs[head]!, head) };
}
