/** Host side of rope.wgsl (in place). Twin: engine/cpu/rope.ts; both read the tables from ropeTables. */
import code from './rope.wgsl?raw';
import { KernelHost, type Encode } from '../kernel';

export class RopeKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'rope', code);
  }

  /** Bind the rotation of x (T, heads·H) in place by positions (T), with cos and sin tables (P, H/2). */
  bind(
    label: string,
    x: GPUBuffer,
    positions: GPUBuffer,
    cos: GPUBuffer,
    sin: GPUBuffer,
    heads: number,
    H: number,
  ): Encode {
    return this.bindLinear(
      label,
      [x, positions, cos, sin],
      ['u32', 'u32', 'u32'],
      (T) => [T, heads, H],
      (T) => (T * heads * H) / 2,
    );
  }
}
