/** Host side of add.wgsl. Twin: engine/cpu/add.ts. */
import code from './add.wgsl?raw';
import { KernelHost, type Encode } from '../kernel';

export class AddKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'add', code);
  }

  /** Bind out += inp over the first n elements; n is given per encode. */
  bind(label: string, out: GPUBuffer, inp: GPUBuffer): Encode {
    return this.bindLinear(
      label,
      [out, inp],
      ['u32'],
      (n) => [n],
      (n) => n,
    );
  }
}
