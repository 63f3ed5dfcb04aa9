/** Host side of synthetic-fill.wgsl. Twin: syntheticTensor in engine/model/synthetic.ts. */
import code from './synthetic-fill.wgsl?raw';
import { dispatchLinear, Kernel, Params } from '../kernel';
import { uniformHalfWidth } from '../../model/synthetic';
import type { TensorSpec } from '../../model/weights';

export class SyntheticFillKernel {
  readonly #kernel: Kernel;
  readonly #device: GPUDevice;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#kernel = new Kernel(device, 'synthetic-fill', code);
  }

  /** Fill `out` with tensor `index` of a synthetic model with this seed, in its own submission. */
  fill(out: GPUBuffer, seed: number, index: number, spec: TensorSpec): void {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const params = new Params(this.#device, `synthetic ${spec.name}`, ['u32', 'u32', 'u32', 'f32', 'u32']);
    const ones = spec.init === 'ones';
    params.set([
      n,
      seed >>> 0,
      index,
      ones ? 0 : uniformHalfWidth((spec.init as { fanIn: number }).fanIn),
      ones ? 1 : 0,
    ]);
    const encoder = this.#device.createCommandEncoder({ label: `synthetic ${spec.name}` });
    const pass = encoder.beginComputePass();
    dispatchLinear(this.#kernel, pass, this.#kernel.bind(spec.name, [out, params.buffer]), n, 256);
    pass.end();
    this.#device.queue.submit([encoder.finish()]);
    params.buffer.destroy();
  }
}
