/** Host side of swiglu.wgsl. Twin: engine/cpu/swiglu.ts. */
import code from './swiglu.wgsl?raw';
import { KernelHost, type Encode } from '../kernel';

export class SwigluKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'swiglu', code);
  }

  /** Bind gate ← silu(gate) · up over the first n elements; n is given per encode. */
  bind(label: string, gate: GPUBuffer, up: GPUBuffer): Encode {
    return this.bindLinear(
      label,
      [gate, up],
      ['u32'],
      (n) => [n],
      (n) => n,
    );
  }
}
