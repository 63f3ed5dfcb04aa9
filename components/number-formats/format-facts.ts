/**
 * What a number format is, in figures and words: its bits per value and range for the readout, and its rules for
 * zero, infinities, NaN and overflow as sentences. Every number comes from engine/analytic's number formats.
 */
import { analytic } from '@engine/index';
import { formatInteger } from '../charts/format';
import { formatFigure, formatValue } from './value-text';

/** The readout of a format's range (an integer format's at step `scale`). */
export function rangeItems(format: analytic.NumberFormat, scale = 1): { label: string; value: string }[] {
  const range = analytic.rangeOf(format, scale);
  const distinct = { label: 'Distinct values', value: formatInteger(range.distinct) };
  if (format.kind === 'int')
    return [
      { label: 'Bits per value', value: `${range.bits} bits + a shared scale` },
      { label: 'Largest (absmax)', value: formatValue(range.largest) },
      { label: `Step (absmax ÷ ${analytic.intMax(format)})`, value: formatValue(scale, 4) },
      distinct,
    ];
  return [
    { label: 'Bits per value', value: `${range.bits} bits` },
    { label: 'Largest finite', value: formatFigure(range.largest) },
    { label: 'Smallest normal', value: formatFigure(range.smallestNormal!) },
    { label: 'Smallest subnormal', value: formatFigure(range.smallest) },
    distinct,
  ];
}

/** Where rounding would first pass the largest finite value: half a gap above it (rounding ties to even go up). */
function overflowFrom(format: analytic.NumberFormat, scale: number): number {
  const { largest } = analytic.rangeOf(format, scale);
  return largest + analytic.gapAt(format, largest, scale) / 2;
}

/** The format's rules for special values and overflow, in sentences. */
export function rulesText(format: analytic.NumberFormat, scale = 1): string {
  const range = analytic.rangeOf(format, scale);
  const largest = formatValue(range.largest);
  const from = formatValue(overflowFrom(format, scale));
  if (format.kind === 'int') {
    const top = analytic.intMax(format);
    return (
      `Codes −${top} … ${top}, each a multiple of the step absmax ÷ ${top}; −${top + 1} is left unused so the grid ` +
      `is symmetric and zero is exact. Past ±${largest} values saturate. The code shown is the integer in two's ` +
      `complement; packed layouts often store it plus ${top + 1} instead, the same bits with the top one flipped.`
    );
  }
  const fp8 = range.bits === 8;
  if (format.specials === 'ieee')
    return (
      `As in IEEE 754, the all-ones exponent holds ±∞ (mantissa 0) and ${range.nanCodes} NaN codes. A value ` +
      `past ±${largest} rounds to ±∞ from ±${from} up` +
      (fp8 ? ` (the OCP spec's saturating mode would clamp it to ±${largest} instead).` : '.')
    );
  if (format.specials === 'fn') {
    const fnuz = analytic.rangeOf(analytic.numberFormatById('fp8-e4m3fnuz'));
    return (
      `No infinities: the all-ones exponent holds numbers up to ±${largest}, and only exponent and mantissa all ` +
      `ones is NaN (${range.nanCodes} codes, ±). Past ±${largest} a conversion saturates to ±${largest} (the OCP ` +
      `spec's saturating mode; its other mode gives NaN from ±${from} up). Some AMD GPUs (the MI300 series) use ` +
      `the FNUZ variant instead, whose largest value is ±${formatValue(fnuz.largest)}.`
    );
  }
  const ocp = analytic.rangeOf(analytic.numberFormatById('fp8-e4m3'));
  return (
    `No infinities and no −0: the code of −0 elsewhere is the one NaN. The bias, ${format.bias}, is one more than ` +
    `OCP e4m3's, which halves the value of every exponent: the smallest subnormal is ${formatFigure(range.smallest)} ` +
    `against OCP's ${formatFigure(ocp.smallest)}, the largest value ±${largest} against ±${formatValue(ocp.largest)}. ` +
    `Past it a conversion saturates; without saturation it gives NaN from ±${from} up.`
  );
}
