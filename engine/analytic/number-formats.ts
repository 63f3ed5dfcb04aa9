/**
 * The number formats weights and activations are stored in, defined to the bit: bf16, f16, the two OCP 8-bit floats
 * (and the FNUZ variant of e4m3 some AMD GPUs use), and symmetric int8 and int4 with a scale. Encoding rounds to
 * nearest with ties to even, directly from the JavaScript number (a double), so a value is rounded once;
 * engine/model/half.ts goes through f32 first, which rounds twice for a double that is not an f32, so its conversions
 * serve here as the tests' oracle (every 16-bit code, and f32 inputs) rather than as the codec.
 *
 * Floats are sign-magnitude: S · 2^(E − bias) · 1.M for an exponent field E > 0, S · 2^(1 − bias) · 0.M for E = 0
 * (subnormals). They differ in what the top codes mean:
 * - 'ieee' (bf16, f16, fp8 e5m2): the all-ones exponent holds ±∞ (mantissa 0) and NaNs (IEEE 754-2019).
 * - 'fn' (fp8 e4m3): finite only; S.1111.111 is the one NaN, so S.1111.000 … S.1111.110 are numbers and the largest
 *   is 1.75 · 2⁸ = 448 (OCP 8-bit Floating Point Specification (OFP8) rev 1.0, 2023; Micikevicius et al. 2022,
 *   "FP8 Formats for Deep Learning", arXiv 2209.05433).
 * - 'fnuz' (fp8 e4m3 FNUZ): finite only, unsigned zero; 1.0000.000 (negative zero's code) is the one NaN, the bias
 *   is 8, and the largest is 1.875 · 2⁷ = 240 (Noune et al. 2022, "8-bit Numerical Formats for Deep Neural Networks",
 *   arXiv 2206.02915; AMD's MI300 GPUs, gfx942, support it and not the OCP formats).
 * Past the largest finite value a conversion either saturates to ±largest or gives ±∞ (NaN where there is no ∞): OFP8
 * defines both modes; each format below names the one it uses, and encodeNumber can be told the other.
 *
 * Integers are symmetric: q = clamp(rint(x / scale), −qmax, qmax) with qmax = 2ᵇ⁻¹ − 1 (127, 7) and scale =
 * absmax / qmax, so −2ᵇ⁻¹ is never used; the code shown is q in two's complement, as torch.int8 holds it (the packed
 * layout of engine/quant stores q + 2ᵇ⁻¹, the same bits with the top one flipped). Past ±absmax they saturate.
 *
 * Not what the engine computes with: engine/quant quantizes weights (its scales rounded to f16, in f32 arithmetic).
 */
import { rint } from '../quant/quantize';
import { symmetricMax } from '../quant/scheme';
import { presetById } from './preset';
import type { Source } from './source';

/** What the top codes of a float format mean (see the file's comment). */
export type FloatSpecials = 'ieee' | 'fn' | 'fnuz';

export interface FloatFormat {
  kind: 'float';
  id: string;
  name: string;
  exponentBits: number;
  mantissaBits: number;
  bias: number;
  specials: FloatSpecials;
  /** Past the largest finite value a conversion clamps to it (true), or gives ±∞, or NaN without ∞ (false). */
  saturate: boolean;
  source: Source;
}

export interface IntFormat {
  kind: 'int';
  id: string;
  name: string;
  bits: 4 | 8;
  source: Source;
}

export type NumberFormat = FloatFormat | IntFormat;

const OFP8: Source = {
  title:
    'OCP 8-bit Floating Point Specification (OFP8), Revision 1.0 (2023); Micikevicius et al. 2022, FP8 Formats for Deep Learning',
  url: 'https://www.opencompute.org/documents/ocp-8-bit-floating-point-specification-ofp8-revision-1-0-2023-12-01-pdf-1',
  note: 'E4M3: bias 7, no infinities, NaN S.1111.111, max 448; E5M2: bias 15, IEEE-like, max 57344; both round to nearest even, with a saturating and a non-saturating conversion mode. Paper: arXiv 2209.05433.',
};

const IEEE_754: Source = {
  title: 'IEEE 754-2019, Standard for Floating-Point Arithmetic',
  url: 'https://standards.ieee.org/ieee/754/6210/',
  note: 'binary16 (f16): 5 exponent bits, bias 15, 10 fraction bits.',
};

export const NUMBER_FORMATS = [
  {
    kind: 'float',
    id: 'bf16',
    name: 'bf16',
    exponentBits: 8,
    mantissaBits: 7,
    bias: 127,
    specials: 'ieee',
    saturate: false,
    source: {
      title: 'Kalamkar et al. 2019, A Study of BFLOAT16 for Deep Learning Training',
      url: 'https://arxiv.org/abs/1905.12322',
      note: "The top 16 bits of an IEEE f32: f32's 8 exponent bits (bias 127) and 7 of its 23 fraction bits.",
    },
  },
  {
    kind: 'float',
    id: 'f16',
    name: 'f16',
    exponentBits: 5,
    mantissaBits: 10,
    bias: 15,
    specials: 'ieee',
    saturate: false,
    source: IEEE_754,
  },
  {
    kind: 'float',
    id: 'fp8-e4m3',
    name: 'fp8 e4m3',
    exponentBits: 4,
    mantissaBits: 3,
    bias: 7,
    specials: 'fn',
    saturate: true,
    source: OFP8,
  },
  {
    kind: 'float',
    id: 'fp8-e5m2',
    name: 'fp8 e5m2',
    exponentBits: 5,
    mantissaBits: 2,
    bias: 15,
    specials: 'ieee',
    saturate: false,
    source: OFP8,
  },
  {
    kind: 'float',
    id: 'fp8-e4m3fnuz',
    name: 'fp8 e4m3 FNUZ',
    exponentBits: 4,
    mantissaBits: 3,
    bias: 8,
    specials: 'fnuz',
    saturate: true,
    source: {
      title:
        'Noune et al. 2022, 8-bit Numerical Formats for Deep Neural Networks; AMD ROCm, FP8 numbers in HIP',
      url: 'https://rocm.docs.amd.com/projects/HIP/en/docs-6.2.0/reference/fp8_numbers.html',
      note: 'FNUZ: finite, NaN is the sign bit alone, unsigned zero; bias 8 (arXiv 2206.02915). gfx940–942 (MI300) support FNUZ FP8, not OCP FP8.',
    },
  },
  {
    kind: 'int',
    id: 'int8',
    name: 'int8',
    bits: 8,
    source: {
      title:
        'Jacob et al. 2018, Quantization and Training of Neural Networks for Efficient Integer-Arithmetic-Only Inference',
      url: 'https://arxiv.org/abs/1712.05877',
      note: 'A real value is a scale times an integer code; symmetric schemes fix the zero-point at 0.',
    },
  },
  {
    kind: 'int',
    id: 'int4',
    name: 'int4',
    bits: 4,
    source: {
      title:
        'Frantar et al. 2022, GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers',
      url: 'https://arxiv.org/abs/2210.17323',
      note: '4-bit integer weights with a scale per group of consecutive weights.',
    },
  },
] as const satisfies readonly NumberFormat[];

export type NumberFormatId = (typeof NUMBER_FORMATS)[number]['id'];

export function numberFormatById(id: NumberFormatId): NumberFormat {
  return presetById<NumberFormat>(NUMBER_FORMATS, id, 'number format');
}

/** Bits one value takes (an integer format's scale is stored apart, shared by a group of values). */
export function bitsPerValue(format: NumberFormat): number {
  return format.kind === 'int' ? format.bits : 1 + format.exponentBits + format.mantissaBits;
}

/** Largest integer code magnitude: 127 for int8, 7 for int4. */
export function intMax(format: IntFormat): number {
  return symmetricMax(format.bits);
}

/** The step of a symmetric integer format whose largest value is `absmax`: absmax / 127 for int8. */
export function intScale(format: IntFormat, absmax: number): number {
  return absmax / intMax(format);
}

function signBit(format: NumberFormat): number {
  return 2 ** (bitsPerValue(format) - 1);
}

/** Code of the largest finite positive value: the top of the magnitudes 0 … M that hold numbers. */
function largestCode(format: NumberFormat): number {
  if (format.kind === 'int') return intMax(format);
  const { exponentBits: e, mantissaBits: m, specials } = format;
  if (specials === 'ieee') return (2 ** e - 1) * 2 ** m - 1;
  return specials === 'fn' ? 2 ** (e + m) - 2 : 2 ** (e + m) - 1;
}

/** Exponent of the smallest normal number, 1 − bias. */
function minExponent(format: FloatFormat): number {
  return 1 - format.bias;
}

function nanCode(format: FloatFormat): number {
  const { exponentBits: e, mantissaBits: m, specials } = format;
  if (specials === 'fnuz') return signBit(format);
  return specials === 'fn' ? 2 ** (e + m) - 1 : (2 ** e - 1) * 2 ** m + 2 ** (m - 1);
}

/**
 * The magnitude code `a` (≥ 0, finite) rounds to, ties to even, with an exponent field as wide as needed: it may pass
 * the largest code. Within a binade [2^e, 2^(e+1)) the step is 2^(e − m); below the smallest normal it is the
 * subnormal step 2^(1 − bias − m). Counting steps from zero, code = (e − eₘᵢₙ) · 2^m + n for n steps of the binade's
 * size, which also covers subnormals (e = eₘᵢₙ, n < 2^m) and a carry into the next binade (n = 2^(m+1)).
 */
function roundedMagnitude(format: FloatFormat, a: number): number {
  const m = format.mantissaBits;
  const eMin = minExponent(format);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  const exponent = a === 0 ? eMin : Math.max(e, eMin);
  const n = rint(a / 2 ** (exponent - m)); // exact: division by a power of two
  return (exponent - eMin) * 2 ** m + n;
}

/** A value's code, rounding to nearest with ties to even. `saturate` overrides the format's rule for overflow. */
export function encodeNumber(format: NumberFormat, x: number, scale = 1, saturate?: boolean): number {
  const y = x / scale;
  if (format.kind === 'int') {
    if (Number.isNaN(y)) throw new RangeError('an integer format has no code for NaN');
    const top = intMax(format);
    const q = Math.min(top, Math.max(-top, rint(y)));
    return q < 0 ? q + 2 ** format.bits : q + 0;
  }
  if (Number.isNaN(y)) return nanCode(format);
  const negative = y < 0 || Object.is(y, -0);
  const top = largestCode(format);
  const raw = Number.isFinite(y) ? roundedMagnitude(format, Math.abs(y)) : Infinity;
  let magnitude = raw;
  if (raw > top) {
    if (saturate ?? format.saturate) magnitude = top;
    else if (format.specials === 'ieee')
      magnitude = top + 1; // ±∞: the all-ones exponent, mantissa 0
    else return nanCode(format) | (format.specials === 'fn' && negative ? signBit(format) : 0);
  }
  if (magnitude === 0 && format.specials === 'fnuz') return 0; // no negative zero
  return negative ? signBit(format) + magnitude : magnitude;
}

/** The value a code stands for. */
export function decodeNumber(format: NumberFormat, code: number, scale = 1): number {
  const sign = signBit(format);
  if (format.kind === 'int') return (code >= sign ? code - 2 * sign : code) * scale;
  const negative = code >= sign;
  const magnitude = code % sign;
  if (format.specials === 'fnuz' && code === sign) return NaN;
  if (format.specials === 'fn' && magnitude === sign - 1) return NaN;
  const m = format.mantissaBits;
  const field = Math.floor(magnitude / 2 ** m);
  const fraction = magnitude % 2 ** m;
  if (format.specials === 'ieee' && field === 2 ** format.exponentBits - 1)
    return fraction === 0 ? (negative ? -Infinity : Infinity) : NaN;
  const eMin = minExponent(format);
  const value =
    field === 0 ? fraction * 2 ** (eMin - m) : (2 ** m + fraction) * 2 ** (field - format.bias - m);
  return (negative ? -value : value) * scale;
}

/** What became of a value stored in a format. */
export type Outcome = 'exact' | 'rounded' | 'to zero' | 'saturated' | 'overflow';

export interface Rounded {
  /** The value asked for. */
  x: number;
  /** Its code, an unsigned integer of bitsPerValue bits. */
  code: number;
  /** The value the code stands for: x rounded, or ±∞ or NaN on overflow. */
  value: number;
  /** value − x. */
  error: number;
  /** |value − x| / |x|; 0 for x = 0. */
  relativeError: number;
  outcome: Outcome;
}

/** Store `x` in the format and read it back: the code, the value, the error and what happened. */
export function roundToFormat(format: NumberFormat, x: number, scale = 1, saturate?: boolean): Rounded {
  const code = encodeNumber(format, x, scale, saturate);
  const value = decodeNumber(format, code, scale);
  const error = value - x;
  // Clamped: the value rounded with no largest code would lie past the largest one.
  const unclamped =
    format.kind === 'int'
      ? rint(x / scale) * scale
      : decodeNumber(format, encodeNumber(format, x, scale, false), scale);
  const largest = decodeNumber(format, largestCode(format), scale);
  const outcome: Outcome = !Number.isFinite(value)
    ? 'overflow'
    : !(Math.abs(unclamped) <= largest)
      ? 'saturated'
      : value === x
        ? 'exact'
        : value === 0
          ? 'to zero'
          : 'rounded';
  return { x, code, value, error, relativeError: x === 0 ? 0 : Math.abs(error) / Math.abs(x), outcome };
}

/** Value of the k-th representable number from zero (k may be negative), for |k| up to the largest code. */
function valueAt(format: NumberFormat, k: number, scale: number): number {
  if (format.kind === 'int') return k * scale;
  return Math.sign(k) * decodeNumber(format, Math.abs(k), scale);
}

/** The largest k with valueAt(k) ≤ a, for a ≥ 0 (the largest code when a is past it). */
function floorIndex(format: NumberFormat, a: number, scale: number): number {
  const y = a / scale;
  const top = largestCode(format);
  const k =
    format.kind === 'int'
      ? Math.min(top, Math.floor(y))
      : Math.min(top, Number.isFinite(y) ? roundedMagnitude(format, y) : top);
  return valueAt(format, k, scale) > a ? k - 1 : k;
}

/** The smallest k with valueAt(k) ≥ a, for a ≥ 0; one past the largest code when a is past it. */
function ceilIndex(format: NumberFormat, a: number, scale: number): number {
  const k = floorIndex(format, a, scale);
  return valueAt(format, k, scale) === a ? k : k + 1;
}

/** Representable values around x, ascending: `count` below it and `count` above (fewer at the range's ends). */
export function neighboursOf(format: NumberFormat, x: number, count: number, scale = 1): number[] {
  const a = Math.abs(x);
  const [below, above] =
    x >= 0
      ? [floorIndex(format, a, scale), ceilIndex(format, a, scale)]
      : [-ceilIndex(format, a, scale), -floorIndex(format, a, scale)];
  const top = largestCode(format);
  const first = Math.max(-top, below - count + 1);
  const last = Math.min(top, above + count - 1);
  const values: number[] = [];
  for (let k = first; k <= last; k++) values.push(valueAt(format, k, scale));
  return values;
}

/** The gap between neighbouring representable numbers at |x|: from the largest one ≤ |x| to the next above. */
export function gapAt(format: NumberFormat, x: number, scale = 1): number {
  if (format.kind === 'int') return scale;
  const k = Math.min(floorIndex(format, Math.abs(x), scale), largestCode(format) - 1);
  return valueAt(format, k + 1, scale) - valueAt(format, k, scale);
}

/** One stretch of magnitudes [from, to] over which the gap between neighbours is constant. */
export interface SpacingStep {
  from: number;
  to: number;
  gap: number;
}

/**
 * The gap between neighbours across the positive range, from the smallest positive value to the largest: for a float
 * the subnormals then one step per binade, the gap doubling each time; for an integer format one step, the scale.
 */
export function spacingSteps(format: NumberFormat, scale = 1): SpacingStep[] {
  const range = rangeOf(format, scale);
  if (format.kind === 'int') return [{ from: scale, to: range.largest, gap: scale }];
  const steps: SpacingStep[] = [{ from: range.smallest, to: range.smallestNormal!, gap: range.smallest }];
  const m = format.mantissaBits;
  for (let e = minExponent(format); 2 ** e * scale <= range.largest; e++) {
    const from = 2 ** e * scale;
    steps.push({ from, to: Math.min(2 * from, range.largest), gap: 2 ** (e - m) * scale });
  }
  return steps;
}

export interface FormatRange {
  bits: number;
  /** Largest finite value. */
  largest: number;
  /** Smallest positive value: the smallest subnormal of a float, the step of an integer format. */
  smallest: number;
  /** Smallest positive normal value; undefined for integers. */
  smallestNormal: number | undefined;
  /** Distinct finite values, ±0 counted once. */
  distinct: number;
  hasInfinity: boolean;
  /** Codes that are NaN. */
  nanCodes: number;
  hasNegativeZero: boolean;
  saturates: boolean;
}

/** The range facts of a format (an integer format's for `scale`). */
export function rangeOf(format: NumberFormat, scale = 1): FormatRange {
  const top = largestCode(format);
  const bits = bitsPerValue(format);
  const largest = valueAt(format, top, scale);
  if (format.kind === 'int')
    return {
      bits,
      largest,
      smallest: scale,
      smallestNormal: undefined,
      distinct: 2 * top + 1,
      hasInfinity: false,
      nanCodes: 0,
      hasNegativeZero: false,
      saturates: true,
    };
  const { mantissaBits: m, specials } = format;
  return {
    bits,
    largest,
    smallest: 2 ** (minExponent(format) - m) * scale,
    smallestNormal: 2 ** minExponent(format) * scale,
    distinct: 2 * top + 1,
    hasInfinity: specials === 'ieee',
    nanCodes: specials === 'ieee' ? 2 * (2 ** m - 1) : specials === 'fn' ? 2 : 1,
    hasNegativeZero: specials !== 'fnuz',
    saturates: format.saturate,
  };
}

/** One field of a code's bits, most significant first. */
export interface BitField {
  field: 'sign' | 'exponent' | 'mantissa' | 'integer';
  /** The field's bits as '0' and '1', most significant first. */
  bits: string;
  /** The field read as an unsigned integer. */
  value: number;
}

/** A code split into its fields: sign, exponent and mantissa for a float; sign and the rest for an integer. */
export function bitFields(format: NumberFormat, code: number): BitField[] {
  const text = code.toString(2).padStart(bitsPerValue(format), '0');
  const widths: [BitField['field'], number][] =
    format.kind === 'int'
      ? [
          ['sign', 1],
          ['integer', format.bits - 1],
        ]
      : [
          ['sign', 1],
          ['exponent', format.exponentBits],
          ['mantissa', format.mantissaBits],
        ];
  let at = 0;
  return widths.map(([field, width]) => {
    const bits = text.slice(at, (at += width));
    return { field, bits, value: parseInt(bits, 2) };
  });
}

/** How a float code reads: its class, and for a number its sign, unbiased exponent and significand. */
export interface FloatReading {
  kind: 'zero' | 'subnormal' | 'normal' | 'infinity' | 'nan';
  negative: boolean;
  /** The exponent field minus the bias (1 − bias for subnormals and zero). */
  exponent: number;
  /** 1 + mantissa / 2^m for a normal number, mantissa / 2^m for a subnormal one or zero. */
  significand: number;
}

/** What a float code means, field by field: value = ±2^exponent · significand. */
export function readFloatCode(format: FloatFormat, code: number): FloatReading {
  const value = decodeNumber(format, code);
  const [sign, exponentField, mantissa] = bitFields(format, code).map((f) => f.value) as [
    number,
    number,
    number,
  ];
  const m = format.mantissaBits;
  const negative = sign === 1;
  if (Number.isNaN(value)) return { kind: 'nan', negative, exponent: NaN, significand: NaN };
  if (!Number.isFinite(value)) return { kind: 'infinity', negative, exponent: Infinity, significand: 1 };
  if (exponentField === 0)
    return {
      kind: mantissa === 0 ? 'zero' : 'subnormal',
      negative,
      exponent: minExponent(format),
      significand: mantissa / 2 ** m,
    };
  return {
    kind: 'normal',
    negative,
    exponent: exponentField - format.bias,
    significand: 1 + mantissa / 2 ** m,
  };
}
