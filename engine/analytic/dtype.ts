/** Number formats the cost model knows, and their storage size in bytes per element. */
export const DTYPE_BYTES = {
  f32: 4,
  bf16: 2,
  f16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
} as const;

export type DType = keyof typeof DTYPE_BYTES;

/** Bytes one element of `dtype` occupies. */
export function bytesPer(dtype: DType): number {
  return DTYPE_BYTES[dtype];
}

/** Which peak a kernel on these operands runs at: f32 math, or 16-bit tensor-core math for everything smaller. */
export function computeClass(dtype: DType): 'f32' | 'bf16' {
  return dtype === 'f32' ? 'f32' : 'bf16';
}
