/** Where a (B·T × D)·(D × F) matmul sits on a device's roofline: what the intensity calculator shows. */
import { analytic } from '@engine/index';
import { formatNumber, formatSi } from '../charts/format';

export interface MatmulQuestion {
  device: analytic.Hardware;
  dtype: analytic.DType;
  /** Sequences. */
  B: number;
  /** Tokens per sequence in this pass (1 = a decode step). */
  T: number;
  D: number;
  F: number;
}

export interface MatmulPlacement {
  rows: number;
  cost: analytic.OpCost;
  ridge: number;
  peak: number;
  attainable: number;
  bound: analytic.Bound;
  /** Time at the roof, in seconds: the larger of bytes ÷ bandwidth and FLOPs ÷ peak. */
  seconds: number;
  /** One sentence stating the result, for screen readers and the chart's label. */
  summary: string;
}

export function placeMatmul({ device, dtype, B, T, D, F }: MatmulQuestion): MatmulPlacement {
  const rows = B * T;
  const cost = analytic.matmulCost({ B: rows, D, F }, dtype);
  const peak = analytic.peakFlops(device, dtype);
  const ridge = analytic.ridgeIntensity(device, dtype);
  const attainable = analytic.attainableFlops(device, dtype, cost.intensity);
  const bound = analytic.boundBy(device, dtype, cost.intensity);
  const seconds = Math.max(cost.bytes / device.bandwidth, cost.flops / peak);
  const relation = bound === 'memory' ? 'below' : 'at or above';
  const summary =
    `A (${rows}×${D})·(${D}×${F}) ${dtype} matmul has intensity ${formatNumber(cost.intensity)} FLOP/byte, ` +
    `${relation} the ${device.name} ridge of ${formatNumber(ridge)} FLOP/byte, so it is ${bound}-bound ` +
    `and reaches at most ${formatSi(attainable, 'FLOP/s')}.`;
  return { rows, cost, ridge, peak, attainable, bound, seconds, summary };
}
