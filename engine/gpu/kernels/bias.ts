/** Host side of bias.wgsl. Twin: engine/cpu/add.ts's addBias. */
import code from './bias.wgsl?raw';
import { KernelHost, type Encode } from '../kernel';

export class BiasKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'bias', code);
  }

  /** Bind out (T, width) += bias (width) on every row; T is given per encode. */
  bind(label: string, out: GPUBuffer, bias: GPUBuffer, width: number): Encode {
    return this.bindLinear(
      label,
      [out, bias],
      ['u32', 'u32'],
      (T) => [T * width, width],
      (T) => T * width,
    );
  }
}
