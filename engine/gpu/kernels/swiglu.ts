/** Host side of swiglu.wgsl. Twin: engine/cpu/swiglu.ts. */
import code from './swiglu.wgsl?raw';
import { dispatchLinear, Kernel, Params } from '../kernel';

export class SwigluKernel {
  readonly #kernel: Kernel;
  readonly #device: GPUDevice;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#kernel = new Kernel(device, 'swiglu', code);
  }

  /** Bind gate ← silu(gate) · up over the first n elements; n is given per encode. */
  bind(label: string, gate: GPUBuffer, up: GPUBuffer) {
    const params = new Params(this.#device, `swiglu ${label}`, ['u32']);
    const group = this.#kernel.bind(label, [gate, up, params.buffer]);
    return (pass: GPUComputePassEncoder, n: number) => {
      params.set([n]);
      dispatchLinear(this.#kernel, pass, group, n, 256);
    };
  }
}
