/**
 * The roofline model (Williams, Waterman & Patterson 2009): attainable FLOP/s is the lesser of the compute peak
 * and bandwidth × intensity. Below the ridge point an op is memory-bound; above it, compute-bound.
 */
import { computeClass, type DType } from './dtype';
import type { Hardware } from './hardware';

/** Peak FLOP/s of `device` for math on `dtype` operands. */
export function peakFlops(device: Hardware, dtype: DType): number {
  return computeClass(dtype) === 'f32' ? device.peakF32 : device.peakBf16;
}

/** Intensity (FLOP/byte) where the bandwidth slope meets the compute ceiling. */
export function ridgeIntensity(device: Hardware, dtype: DType): number {
  return peakFlops(device, dtype) / device.bandwidth;
}

/** FLOP/s an op of this intensity can reach on `device`. */
export function attainableFlops(device: Hardware, dtype: DType, intensity: number): number {
  return Math.min(peakFlops(device, dtype), device.bandwidth * intensity);
}

export type Bound = 'memory' | 'compute';

/** Which roof limits an op of this intensity. */
export function boundBy(device: Hardware, dtype: DType, intensity: number): Bound {
  return intensity < ridgeIntensity(device, dtype) ? 'memory' : 'compute';
}

/** A forward's FLOPs and bytes, the time it takes at the device's roofs (the longer of the two), and which binds. */
export interface ForwardTime {
  flops: number;
  bytes: number;
  seconds: number;
  bound: Bound;
}

/** Time `flops` and `bytes` on `device` with `dtype` math: the larger of bytes ÷ bandwidth and FLOPs ÷ peak. */
export function timeAtRoof(device: Hardware, dtype: DType, flops: number, bytes: number): ForwardTime {
  const memorySeconds = bytes / device.bandwidth;
  const computeSeconds = flops / peakFlops(device, dtype);
  return {
    flops,
    bytes,
    seconds: Math.max(memorySeconds, computeSeconds),
    bound: memorySeconds >= computeSeconds ? 'memory' : 'compute',
  };
}
