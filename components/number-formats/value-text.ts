/**
 * How the number-formats widget writes numbers: values with enough digits to tell neighbouring representable numbers
 * apart, powers of two as 2ᵏ, codes in hexadecimal, and errors signed.
 */
import { formatNumber } from '../charts/format';

const SUPERSCRIPTS: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** An integer as superscript digits: −9 → "⁻⁹". */
export function superscript(n: number): string {
  return [...String(n)].map((c) => SUPERSCRIPTS[c] ?? c).join('');
}

/** A value at up to `digits` significant digits, minus signs as −; × 10ᵏ outside 10⁻⁴ … 10⁷; ±∞, NaN, −0 by name. */
export function formatValue(v: number, digits = 7): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+∞' : '−∞';
  if (v === 0) return Object.is(v, -0) ? '−0' : '0';
  const a = Math.abs(v);
  const sign = v < 0 ? '−' : '';
  if (a >= 1e-4 && a < 1e7) return sign + formatNumber(a, digits);
  const [mantissa, exponent] = a.toExponential(digits - 1).split('e') as [string, string];
  return `${sign}${Number(mantissa)} × 10${superscript(Number(exponent))}`;
}

/** "2ᵏ" when v is a power of two (2⁻⁹), else undefined. */
export function powerOfTwo(v: number): string | undefined {
  if (!(v > 0) || !Number.isFinite(v)) return undefined;
  const k = Math.round(Math.log2(v));
  return 2 ** k === v ? `2${superscript(k)}` : undefined;
}

/** A range figure: a power of two as "2⁻⁹ ≈ 0.001953" or "2⁻² = 0.25" (4 digits), anything else as formatValue does. */
export function formatFigure(v: number): string {
  const power = powerOfTwo(v);
  if (power === undefined || (v >= 1 && v < 1e4)) return formatValue(v);
  const decimal = formatValue(v, 4);
  return `${power} ${equalsOrAbout(decimal, v)} ${decimal}`;
}

/** "=" when `text` (as formatValue writes it) is exactly v, "≈" when it is rounded. */
export function equalsOrAbout(text: string, v: number): '=' | '≈' {
  const plain = Number(text.replaceAll(',', '').replace('−', '-'));
  return plain === v ? '=' : '≈';
}

/** A code in hexadecimal, with as many digits as its bits need: 0x45, 0x4049, 0xD. */
export function formatCode(code: number, bits: number): string {
  return `0x${code
    .toString(16)
    .toUpperCase()
    .padStart(Math.ceil(bits / 4), '0')}`;
}

/** A difference with its sign, at 3 significant digits: +0.108, −52. */
export function formatSigned(v: number): string {
  if (v === 0) return '0';
  return `${v > 0 ? '+' : '−'}${formatValue(Math.abs(v), 3)}`;
}

/** A ratio as a percentage at 3 significant digits: 0.0345 → "3.45 %". */
export function formatPercent(ratio: number): string {
  return `${formatNumber(100 * ratio)} %`;
}
