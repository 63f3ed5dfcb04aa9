/** Host side of embedding.wgsl. Token ids are checked on the host (Session) before they get here. Twin: engine/cpu/embedding.ts. */
import code from './embedding.wgsl?raw';
import { dispatchLinear, Kernel, Params } from '../kernel';

export class EmbeddingKernel {
  readonly #kernel: Kernel;
  readonly #device: GPUDevice;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#kernel = new Kernel(device, 'embedding', code);
  }

  bind(label: string, out: GPUBuffer, table: GPUBuffer, tokens: GPUBuffer, D: number) {
    const params = new Params(this.#device, `embedding ${label}`, ['u32', 'u32']);
    const group = this.#kernel.bind(label, [out, table, tokens, params.buffer]);
    return (pass: GPUComputePassEncoder, T: number) => {
      params.set([T, D]);
      dispatchLinear(this.#kernel, pass, group, T * D, 256);
    };
  }
}
