/** Host side of rmsnorm.wgsl: one workgroup per row. Twin: engine/cpu/rmsnorm.ts. */
import code from './rmsnorm.wgsl?raw';
import { Kernel, Params } from '../kernel';

export class RmsNormKernel {
  readonly #kernel: Kernel;
  readonly #device: GPUDevice;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#kernel = new Kernel(device, 'rmsnorm', code);
  }

  /** Bind out (T, D) = rmsnorm(inp (T, D)) · weight (D); encode for any T up to the buffers' rows. */
  bind(label: string, out: GPUBuffer, inp: GPUBuffer, weight: GPUBuffer, D: number, eps: number) {
    const params = new Params(this.#device, `rmsnorm ${label}`, ['u32', 'u32', 'f32']);
    const group = this.#kernel.bind(label, [out, inp, weight, params.buffer]);
    return (pass: GPUComputePassEncoder, T: number) => {
      params.set([T, D, eps]);
      this.#kernel.dispatch(pass, group, T);
    };
  }
}
