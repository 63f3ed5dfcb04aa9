/** Host side of rmsnorm.wgsl: one workgroup per row. Twin: engine/cpu/rmsnorm.ts. */
import code from './rmsnorm.wgsl?raw';
import { KernelHost, Params, type Encode } from '../kernel';

export class RmsNormKernel extends KernelHost {
  constructor(device: GPUDevice) {
    super(device, 'rmsnorm', code);
  }

  /** Bind out (T, D) = rmsnorm(inp (T, D)) · weight (D); T is given per encode. */
  bind(label: string, out: GPUBuffer, inp: GPUBuffer, weight: GPUBuffer, D: number, eps: number): Encode {
    const params = new Params(this.device, `rmsnorm ${label}`, ['u32', 'u32', 'f32']);
    const group = this.kernel.bind(label, [out, inp, weight, params.buffer]);
    return (pass, T) => {
      params.set([T, D, eps]);
      this.kernel.dispatch(pass, group, T);
    };
  }
}
