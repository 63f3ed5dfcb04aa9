/**
 * A code's bits read field by field, in words: what the sign, exponent and mantissa of a float contribute, or the
 * sign bit and the rest of a two's-complement integer, and the equation that gives the value. Drawn beside the
 * coloured bits, and the bits' text alternative. Analytic: engine/analytic's number formats.
 */
import { analytic } from '@engine/index';
import { equalsOrAbout, formatValue, superscript } from './value-text';

export interface FieldReading {
  field: analytic.BitField['field'];
  /** The field's bits, most significant first. */
  bits: string;
  /** What the field contributes: "1000 = 8, minus the bias 7: 2¹". */
  meaning: string;
}

export interface BitReading {
  fields: FieldReading[];
  /** The value assembled from the fields: "+2¹ × 1.625 = 3.25". */
  equation: string;
  /** The bits in one line, for screen readers: "sign 0, exponent 1000, mantissa 101". */
  label: string;
}

/** A float's value or significand to 12 significant digits: every f16 and bf16 significand exactly. */
function exact(v: number): string {
  return formatValue(v, 12);
}

function readFloat(format: analytic.FloatFormat, code: number): BitReading {
  const [sign, exponent, mantissa] = analytic.bitFields(format, code) as [
    analytic.BitField,
    analytic.BitField,
    analytic.BitField,
  ];
  const r = analytic.readFloatCode(format, code);
  const label = `sign ${sign.bits}, exponent ${exponent.bits}, mantissa ${mantissa.bits}`;
  const signed = r.negative ? '−' : '+';
  const steps = 2 ** format.mantissaBits;
  if (r.kind === 'nan') {
    const why =
      format.specials === 'fnuz'
        ? 'the code of −0 in other formats, here the one NaN'
        : format.specials === 'fn'
          ? 'exponent and mantissa all ones: NaN (the only code that is not a number)'
          : 'exponent all ones with a non-zero mantissa: NaN';
    return {
      fields: [
        { field: 'sign', bits: sign.bits, meaning: `${sign.bits}: ignored` },
        { field: 'exponent', bits: exponent.bits, meaning: why },
        { field: 'mantissa', bits: mantissa.bits, meaning: `${mantissa.value}` },
      ],
      equation: 'NaN, not a number',
      label,
    };
  }
  const signMeaning = `${sign.bits}: ${r.negative ? 'negative' : 'positive'}`;
  if (r.kind === 'infinity')
    return {
      fields: [
        { field: 'sign', bits: sign.bits, meaning: signMeaning },
        { field: 'exponent', bits: exponent.bits, meaning: 'all ones, with mantissa 0: infinity' },
        { field: 'mantissa', bits: mantissa.bits, meaning: '0' },
      ],
      equation: `${signed}∞`,
      label,
    };
  const lead = r.kind === 'normal' ? 1 : 0;
  const exponentMeaning =
    r.kind === 'normal'
      ? `${exponent.bits} = ${exponent.value}, minus the bias ${format.bias}: 2${superscript(r.exponent)}`
      : `${exponent.bits}: ${r.kind === 'zero' ? 'zero or subnormal' : 'subnormal'}, 2${superscript(r.exponent)} (1 − bias) with no leading 1`;
  const value = analytic.decodeNumber(format, code);
  return {
    fields: [
      { field: 'sign', bits: sign.bits, meaning: signMeaning },
      { field: 'exponent', bits: exponent.bits, meaning: exponentMeaning },
      {
        field: 'mantissa',
        bits: mantissa.bits,
        meaning: `${mantissa.bits} = ${mantissa.value}: ${lead} + ${mantissa.value}/${steps} = ${exact(r.significand)}`,
      },
    ],
    equation: `${signed}2${superscript(r.exponent)} × ${exact(r.significand)} ${equalsOrAbout(exact(value), value)} ${exact(value)}`,
    label,
  };
}

function readInt(format: analytic.IntFormat, code: number, scale: number): BitReading {
  const [sign, rest] = analytic.bitFields(format, code) as [analytic.BitField, analytic.BitField];
  const weight = 2 ** (format.bits - 1);
  const q = sign.value * -weight + rest.value;
  const step = formatValue(scale, 4);
  const sum = sign.value ? `−${weight} + ${rest.value} = ${formatValue(q)}; ` : '';
  return {
    fields: [
      { field: 'sign', bits: sign.bits, meaning: `${sign.bits}: weighs ${sign.value ? `−${weight}` : '0'}` },
      { field: 'integer', bits: rest.bits, meaning: `${rest.bits} = ${rest.value}` },
    ],
    equation: `${sum}${formatValue(q)} × ${step} = ${formatValue(analytic.decodeNumber(format, code, scale))}`,
    label: `sign ${sign.bits}, integer ${rest.bits}`,
  };
}

/** The fields of `code`, what each contributes, and the value they make (an integer format's at step `scale`). */
export function readBits(format: analytic.NumberFormat, code: number, scale = 1): BitReading {
  return format.kind === 'int' ? readInt(format, code, scale) : readFloat(format, code);
}
