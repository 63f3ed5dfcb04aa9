/** Number formatting shared by widgets, facts and chart labels: SI prefixes, significant digits, grouping. */

const PREFIXES = [
  { exp: 18, symbol: 'E' },
  { exp: 15, symbol: 'P' },
  { exp: 12, symbol: 'T' },
  { exp: 9, symbol: 'G' },
  { exp: 6, symbol: 'M' },
  { exp: 3, symbol: 'k' },
  { exp: 0, symbol: '' },
  { exp: -3, symbol: 'm' },
  { exp: -6, symbol: 'µ' },
  { exp: -9, symbol: 'n' },
] as const;

/** US-English number formats by most decimals shown, made once each (making one costs more than formatting). */
const FORMATS = new Map<number, Intl.NumberFormat>();

function grouped(value: number, decimals: number): string {
  let format = FORMATS.get(decimals);
  if (!format)
    FORMATS.set(decimals, (format = new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals })));
  return format.format(value);
}

/** `value` to `digits` significant digits, with thousands separators and no trailing zeros past the point. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const rounded = Number(value.toPrecision(digits));
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(rounded))));
  return grouped(rounded, decimals);
}

/** `value` with an SI prefix on `unit`, e.g. 3.35e12 B/s → "3.35 TB/s". */
export function formatSi(value: number, unit: string, digits = 3): string {
  if (value === 0 || !Number.isFinite(value)) return `${formatNumber(value, digits)} ${unit}`.trim();
  const magnitude = Math.abs(Number(value.toPrecision(digits)));
  const prefix = PREFIXES.find((p) => magnitude >= 10 ** p.exp) ?? PREFIXES[PREFIXES.length - 1]!;
  return `${formatNumber(value / 10 ** prefix.exp, digits)} ${prefix.symbol}${unit}`.trim();
}

/** Seconds in the most readable of s, ms, µs, ns. */
export function formatSeconds(seconds: number, digits = 3): string {
  return formatSi(seconds, 's', digits);
}

/** A whole number with thousands separators. */
export function formatInteger(value: number): string {
  return grouped(Math.round(value), 0);
}

/** A large count in words, e.g. 6.74e9 → "6.74 billion". */
export function formatCount(value: number, digits = 3): string {
  const scales = [
    { size: 1e12, word: 'trillion' },
    { size: 1e9, word: 'billion' },
    { size: 1e6, word: 'million' },
  ];
  const scale = scales.find((s) => Math.abs(value) >= s.size);
  return scale ? `${formatNumber(value / scale.size, digits)} ${scale.word}` : formatNumber(value, digits);
}

/** A prompt's last `chars` characters, led by an ellipsis when it is longer. */
export function promptTail(prompt: string, chars = 80): string {
  return prompt.length > chars ? `…${prompt.slice(-chars)}` : prompt;
}

/** Items in words: "a", "a and b", "a, b and c". */
export function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
