/** Host side of synthetic-fill.wgsl. Twin: syntheticTensor in engine/model/synthetic.ts. */
import hashCode from './hash.wgsl?raw';
import code from './synthetic-fill.wgsl?raw';
import { KernelHost } from '../kernel';
import { uniformHalfWidth } from '../../model/synthetic';
import type { TensorSpec } from '../../model/weights';

export class SyntheticFillKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'synthetic-fill', hashCode + code);
  }

  /** Fill `out` with tensor `index` of a synthetic model with this seed, in its own submission. */
  fill(out: GPUBuffer, seed: number, index: number, spec: TensorSpec): void {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const a = spec.init === 'ones' ? 0 : uniformHalfWidth(spec.init.fanIn);
    const ones = spec.init === 'ones' ? 1 : 0;
    const encode = this.bindLinear(
      spec.name,
      [out],
      ['u32', 'u32', 'u32', 'f32', 'u32'],
      () => [n, seed >>> 0, index, a, ones],
      () => n,
    );
    const encoder = this.device.createCommandEncoder({ label: `synthetic ${spec.name}` });
    const pass = encoder.beginComputePass();
    encode(pass, n);
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }
}
