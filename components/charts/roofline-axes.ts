/**
 * What every roofline chart shares (lesson 1's calculator and the measured roofline): the data it draws, the intensity
 * range that shows the ridge and every op, the roof's points, its margins and its log intensity axis.
 */
import type * as Plot from '@observablehq/plot';
import { logX } from './axes';

export interface RooflineOp {
  label: string;
  /** FLOP/byte. */
  intensity: number;
  /** FLOP/s the op attains (on the roof, for analytic points). */
  flops: number;
}

export interface RooflineData {
  /** Peak FLOP/s of the compute ceiling. */
  peak: number;
  /** Bytes per second of the memory slope. */
  bandwidth: number;
  ops: readonly RooflineOp[];
}

/** Intensity range that shows the ridge and every op with room either side. */
export function intensityDomain({ peak, bandwidth, ops }: RooflineData): [number, number] {
  const ridge = peak / bandwidth;
  const values = [ridge, ...ops.map((op) => op.intensity)];
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values) / 3));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values) * 10));
  return [lo, hi];
}

/** Points along the roof from lo to hi, with the ridge included exactly. */
export function roofPoints(peak: number, bandwidth: number, [lo, hi]: [number, number]) {
  const ridge = peak / bandwidth;
  const slope = [lo, Math.min(ridge, hi)].map((intensity) => ({ intensity, flops: bandwidth * intensity }));
  const ceiling = [Math.max(ridge, lo), hi].map((intensity) => ({ intensity, flops: peak }));
  return { slope, ceiling };
}

/** Margins that leave room for SI tick labels and the axis labels. */
export const ROOFLINE_MARGINS = { marginLeft: 70, marginRight: 30, marginBottom: 45 };

/** The log intensity axis every roofline chart uses. */
export function intensityAxis(domain: [number, number], label: string): Plot.ScaleOptions {
  return logX(label, { domain });
}
