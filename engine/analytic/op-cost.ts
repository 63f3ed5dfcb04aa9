/** The cost of one operation: floating-point operations, bytes moved to and from memory, and their ratio. */
export interface OpCost {
  /** Floating-point operations (a multiply-add counts as two). */
  flops: number;
  /** Bytes read from and written to device memory, assuming each operand crosses the bus once. */
  bytes: number;
  /** Arithmetic intensity: FLOPs per byte. */
  intensity: number;
}

/** Bundle FLOPs and bytes with their ratio. */
export function opCost(flops: number, bytes: number): OpCost {
  return { flops, bytes, intensity: flops / bytes };
}
