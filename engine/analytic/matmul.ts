/**
 * Cost of a matrix product (B×D)·(D×F): the shape of every linear layer, with B the number of token rows.
 * Intensity tends to B (in 16-bit) when B is much smaller than D and F: the lecture's "intensity ≈ batch".
 */
import { bytesPer, type DType } from './dtype';
import { opCost, type OpCost } from './op-cost';

export interface MatmulShape {
  /** Rows of the left operand: tokens in the batch (batch × tokens per sequence). */
  B: number;
  /** Shared inner dimension. */
  D: number;
  /** Columns of the right operand (the layer's output width). */
  F: number;
}

/** FLOPs 2·B·D·F; bytes read A (B·D), read W (D·F), write C (B·F), all at `dtype`. */
export function matmulCost({ B, D, F }: MatmulShape, dtype: DType): OpCost {
  const flops = 2 * B * D * F;
  const bytes = bytesPer(dtype) * (B * D + D * F + B * F);
  return opCost(flops, bytes);
}

/** Smallest whole B at which the product reaches `intensity` FLOP/byte, or null if it never does (B ≤ maxB). */
export function rowsForIntensity(
  D: number,
  F: number,
  dtype: DType,
  intensity: number,
  maxB = 2 ** 24,
): number | null {
  if (matmulCost({ B: maxB, D, F }, dtype).intensity < intensity) return null;
  let lo = 1;
  let hi = maxB;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (matmulCost({ B: mid, D, F }, dtype).intensity >= intensity) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
