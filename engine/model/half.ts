/** Conversions from 16-bit floats (IEEE half and bfloat16) to f32, and back for writing test files. */

/** IEEE 754 half precision bits to a number (subnormals, infinities and NaN included). */
export function f16ToF32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const scratch = new DataView(new ArrayBuffer(4));

/** bfloat16 bits to a number: they are the top half of an f32. */
export function bf16ToF32(bits: number): number {
  scratch.setUint32(0, bits << 16);
  return scratch.getFloat32(0);
}

/** A number to bfloat16 bits, rounding to nearest even. */
export function f32ToBf16(value: number): number {
  scratch.setFloat32(0, value);
  const bits = scratch.getUint32(0);
  if (Number.isNaN(value)) return 0x7fc0;
  return ((bits + 0x7fff + ((bits >> 16) & 1)) >>> 16) & 0xffff;
}

/**
 * A number to IEEE half bits: first to f32, then rounded to nearest even in one step, as numpy's
 * float32 → float16 conversion does (subnormals, overflow to infinity and NaN included).
 */
export function f32ToF16(value: number): number {
  scratch.setFloat32(0, value);
  const bits = scratch.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    // Subnormal: the implicit one joins the mantissa, shifted right by 14 - e places.
    const full = mantissa | 0x800000;
    const shift = 14 - e;
    return sign | roundShift(full, shift);
  }
  // A carry out of the mantissa rounds into the exponent, and into infinity past the largest half: both right.
  return sign | ((e << 10) + roundShift(mantissa, 13));
}

/** value >> shift, rounded to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = Math.floor(value / 2 ** shift);
  const rest = value - kept * 2 ** shift;
  const half = 2 ** (shift - 1);
  return rest > half || (rest === half && kept % 2 === 1) ? kept + 1 : kept;
}
