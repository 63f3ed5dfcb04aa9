/** Host side of gather-rows.wgsl. Twin: engine/cpu/gather-rows.ts. */
import code from './gather-rows.wgsl?raw';
import { KernelHost, type Encode } from '../kernel';

export class GatherRowsKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'gather-rows', code);
  }

  /** Bind out (R, D) = rows (R) of inp (T, D); R is given per encode. */
  bind(label: string, out: GPUBuffer, inp: GPUBuffer, rows: GPUBuffer, D: number): Encode {
    return this.bindLinear(
      label,
      [out, inp, rows],
      ['u32', 'u32'],
      (R) => [R, D],
      (R) => R * D,
    );
  }
}
