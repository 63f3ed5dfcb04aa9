/**
 * Host side of rope-cache.wgsl: rotate the queries in place, and store the rotated keys and the values in their
 * cache slots, in one dispatch. Twins: engine/cpu/rope.ts, then engine/cpu/kv-write.ts.
 */
import code from './rope-cache.wgsl?raw';
import { KernelHost, type Encode } from '../kernel';

export interface RopeCacheBuffers {
  q: GPUBuffer;
  k: GPUBuffer;
  v: GPUBuffer;
  kCache: GPUBuffer;
  vCache: GPUBuffer;
  positions: GPUBuffer;
  slots: GPUBuffer;
  /** The cos table (P, H/2) followed by the sin table (P, H/2). */
  table: GPUBuffer;
}

export class RopeCacheKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'rope-cache', code);
  }

  /** Bind for a model whose tables cover `maxPositions` positions. */
  bind(label: string, b: RopeCacheBuffers, N: number, K: number, H: number, maxPositions: number): Encode {
    return this.bindLinear(
      label,
      [b.q, b.kCache, b.vCache, b.k, b.v, b.positions, b.slots, b.table],
      ['u32', 'u32', 'u32', 'u32', 'u32'],
      (T) => [T, N, K, H, (maxPositions * H) / 2],
      (T) => T * ((N * H) / 2 + (K * H) / 2 + K * H),
    );
  }

  /**
   * Bind for a layer that reads a cache written by an earlier layer (cross-layer KV sharing): the queries are
   * rotated and nothing is written, since with no KV heads every thread takes a query pair. Twin: engine/cpu/rope.ts.
   */
  bindQueries(label: string, b: RopeCacheBuffers, N: number, H: number, maxPositions: number): Encode {
    return this.bind(label, b, N, 0, H, maxPositions);
  }
}
