/** Host side of rope.wgsl (in place). Twin: engine/cpu/rope.ts. */
import code from './rope.wgsl?raw';
import { dispatchLinear, Kernel, Params } from '../kernel';

export class RopeKernel {
  readonly #kernel: Kernel;
  readonly #device: GPUDevice;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#kernel = new Kernel(device, 'rope', code);
  }

  bind(label: string, x: GPUBuffer, positions: GPUBuffer, heads: number, H: number, theta: number) {
    const params = new Params(this.#device, `rope ${label}`, ['u32', 'u32', 'u32', 'f32']);
    const group = this.#kernel.bind(label, [x, positions, params.buffer]);
    return (pass: GPUComputePassEncoder, T: number) => {
      params.set([T, heads, H, theta]);
      dispatchLinear(this.#kernel, pass, group, (T * heads * H) / 2, 256);
    };
  }
}
