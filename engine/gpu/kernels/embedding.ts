/** Host side of embedding.wgsl. Token ids are checked on the host (ModelRunner) first. Twin: engine/cpu/embedding.ts. */
import code from './embedding.wgsl?raw';
import { KernelHost, type Encode } from '../kernel';

export class EmbeddingKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'embedding', code);
  }

  /** Bind out (T, D) = rows tokens (T) of table (V, D); T is given per encode. */
  bind(label: string, out: GPUBuffer, table: GPUBuffer, tokens: GPUBuffer, D: number): Encode {
    return this.bindLinear(
      label,
      [out, table, tokens],
      ['u32', 'u32'],
      (T) => [T, D],
      (T) => T * D,
    );
  }
}
