/** Host side of rope.wgsl (in place). Twin: engine/cpu/rope.ts; both read the tables from ropeTables. */
import code from './rope.wgsl?raw';
import { dispatchLinear, Kernel, Params } from '../kernel';

export class RopeKernel {
  readonly #kernel: Kernel;
  readonly #device: GPUDevice;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#kernel = new Kernel(device, 'rope', code);
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
  ) {
    const params = new Params(this.#device, `rope ${label}`, ['u32', 'u32', 'u32']);
    const group = this.#kernel.bind(label, [x, positions, cos, sin, params.buffer]);
    return (pass: GPUComputePassEncoder, T: number) => {
      params.set([T, heads, H]);
      dispatchLinear(this.#kernel, pass, group, (T * heads * H) / 2, 256);
    };
  }
}
