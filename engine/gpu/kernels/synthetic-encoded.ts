/** Host side of synthetic-encoded.wgsl. Twin: syntheticMatrix in engine/quant/synthetic-encoded.ts. */
import hashCode from './hash.wgsl?raw';
import code from './synthetic-encoded.wgsl?raw';
import { KernelHost } from '../kernel';
import type { TensorSpec } from '../../model/weights';
import type { WeightScheme } from '../../quant/scheme';
import { syntheticEncoding } from '../../quant/synthetic-encoded';

export class SyntheticEncodedKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'synthetic-encoded', hashCode + code);
  }

  /** Fill `out` with tensor `index` of a synthetic model with this seed, drawn in `scheme`, in its own submission. */
  fill(
    out: GPUBuffer,
    seed: number,
    index: number,
    spec: TensorSpec,
    scheme: Exclude<WeightScheme, { kind: 'f32' }>,
  ): void {
    const e = syntheticEncoding(spec, scheme);
    const encode = this.bindLinear(
      spec.name,
      [out],
      ['u32', 'u32', 'u32', 'u32', 'u32', 'u32', 'u32', 'u32', 'u32'],
      () => [
        e.words,
        seed >>> 0,
        index,
        e.codeWords,
        e.zeroWord,
        e.halves ? 1 : 0,
        e.exponentBits,
        e.scalePair,
        e.zeroPair,
      ],
      () => e.words,
    );
    const encoder = this.device.createCommandEncoder({ label: `synthetic ${spec.name}` });
    const pass = encoder.beginComputePass();
    encode(pass, e.words);
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }
}
