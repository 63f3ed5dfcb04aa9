/** Host side of gather-rows.wgsl. Twin: engine/cpu/gather-rows.ts. */
import code from './gather-rows.wgsl?raw';
import { dispatchLinear, Kernel, Params } from '../kernel';

export class GatherRowsKernel {
  readonly #kernel: Kernel;
  readonly #device: GPUDevice;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#kernel = new Kernel(device, 'gather-rows', code);
  }

  bind(label: string, out: GPUBuffer, inp: GPUBuffer, rows: GPUBuffer, D: number) {
    const params = new Params(this.#device, `gather-rows ${label}`, ['u32', 'u32']);
    const group = this.#kernel.bind(label, [out, inp, rows, params.buffer]);
    return (pass: GPUComputePassEncoder, R: number) => {
      params.set([R, D]);
      dispatchLinear(this.#kernel, pass, group, R * D, 256);
    };
  }
}
