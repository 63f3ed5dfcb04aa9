/** Host side of add.wgsl. Twin: engine/cpu/add.ts. */
import code from './add.wgsl?raw';
import { dispatchLinear, Kernel, Params } from '../kernel';

export class AddKernel {
  readonly #kernel: Kernel;
  readonly #device: GPUDevice;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#kernel = new Kernel(device, 'add', code);
  }

  /** Bind out += inp over the first n elements; n is given per encode. */
  bind(label: string, out: GPUBuffer, inp: GPUBuffer) {
    const params = new Params(this.#device, `add ${label}`, ['u32']);
    const group = this.#kernel.bind(label, [out, inp, params.buffer]);
    return (pass: GPUComputePassEncoder, n: number) => {
      params.set([n]);
      dispatchLinear(this.#kernel, pass, group, n, 256);
    };
  }
}
