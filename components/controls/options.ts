/** Option lists for Choice controls, built from the analytic presets so labels never drift from the data. */
import { analytic } from '@engine/index';

export const DEVICE_OPTIONS = analytic.HARDWARE.map((h) => ({ value: h.id, label: h.name }));

export const MODEL_OPTIONS = analytic.MODELS.map((m) => ({ value: m.id, label: m.name }));

/** Formats with their own compute peak in the presets: f32 math, or 16-bit tensor-core math. */
export const MATH_DTYPE_OPTIONS = [
  { value: 'bf16', label: 'bf16 (2 bytes)' },
  { value: 'f32', label: 'f32 (4 bytes)' },
] as const satisfies readonly { value: analytic.DType; label: string }[];

/** Formats weights or a KV cache can be stored in, with their size. */
export const STORAGE_DTYPE_OPTIONS = (Object.keys(analytic.DTYPE_BYTES) as analytic.DType[]).map((value) => ({
  value,
  label: `${value} (${analytic.DTYPE_BYTES[value]} byte${analytic.DTYPE_BYTES[value] === 1 ? '' : 's'})`,
}));
